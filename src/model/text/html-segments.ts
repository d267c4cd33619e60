/**
 * HTML input (`format: "html"` of the LibreTranslate API): splits a fragment or document into
 * the runs of text to translate and the markup to keep, and joins the translations back.
 *
 *  - Block-level tags (p, div, li, h1–h6, td, br, ...) end a segment: each block's text is
 *    translated on its own, so the structure never depends on the model.
 *  - Inline tags (b, i, a, span, em, code, ...) and entities stay inside their segment: the
 *    placeholder masking (placeholders.ts) turns them into sentinels and restores them
 *    verbatim, attributes included.
 *  - Comments, doctypes, and the contents of script, style, pre and textarea are kept as
 *    they are; so is a segment with no letters (only whitespace, numbers, entities).
 *  - A segment's leading and trailing whitespace is kept; inside it, whitespace runs (which
 *    HTML renders as one space) are translated as one space.
 *
 * `joinHtml(splitHtml(h), translations)` with every segment translated to itself gives back
 * `h`, except for collapsed inner whitespace.
 */

/** One piece of the input: markup to keep, or text (with inline tags) to translate. */
export type HtmlPart = { keep: string } | { lead: string; text: string; trail: string };

const BLOCK_TAGS = new Set(
  ('address article aside blockquote body br caption col colgroup dd details dialog div dl dt fieldset figcaption figure footer form ' +
    'h1 h2 h3 h4 h5 h6 head header hgroup hr html legend li link main menu meta nav ol optgroup option p section select summary ' +
    'table tbody td tfoot th thead title tr ul').split(' '),
);

/** Elements whose whole content is kept verbatim. */
const RAW_ELEMENTS = ['script', 'style', 'pre', 'textarea'];

const MARKUP_RE = new RegExp(
  [
    '<!--[\\s\\S]*?(?:-->|$)',
    '<![^>]*>',
    '<\\?[^>]*>',
    ...RAW_ELEMENTS.map((name) => `<${name}\\b[^>]*>[\\s\\S]*?(?:</${name}\\s*>|$)`),
    '</?([A-Za-z][\\w:.-]*)(?:\\s+[^\\s"\'>/=]+(?:\\s*=\\s*(?:"[^"]*"|\'[^\']*\'|[^\\s"\'>]+))?)*\\s*/?>',
  ].join('|'),
  'gi',
);

/** True when the run has something to translate: a letter outside tags and entities. */
function hasWords(run: string): boolean {
  return /\p{L}/u.test(run.replace(/<[^>]*>/g, '').replace(/&(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#x[0-9A-Fa-f]+);/g, ''));
}

/** Splits HTML into parts (see the file comment). */
export function splitHtml(html: string): HtmlPart[] {
  const parts: HtmlPart[] = [];
  let run = '';
  const flush = () => {
    if (run === '') return;
    if (!hasWords(run)) parts.push({ keep: run });
    else {
      const lead = /^\s*/.exec(run)![0];
      const trail = /\s*$/.exec(run.slice(lead.length))![0];
      parts.push({ lead, text: run.slice(lead.length, run.length - trail.length).replace(/\s+/g, ' '), trail });
    }
    run = '';
  };
  let pos = 0;
  for (const m of html.matchAll(MARKUP_RE)) {
    const index = m.index ?? 0;
    run += html.slice(pos, index);
    pos = index + m[0].length;
    const name = m[1]?.toLowerCase();
    if (name !== undefined && !BLOCK_TAGS.has(name)) {
      run += m[0]; // an inline tag: translated with its text, through the placeholders
      continue;
    }
    flush();
    parts.push({ keep: m[0] });
  }
  run += html.slice(pos);
  flush();
  return parts;
}

/** The texts to translate, in order. */
export function segmentTexts(parts: readonly HtmlPart[]): string[] {
  return parts.flatMap((p) => ('text' in p ? [p.text] : []));
}

/** Puts the translations (one per segmentTexts entry, in order) back into the markup. */
export function joinHtml(parts: readonly HtmlPart[], translations: readonly string[]): string {
  let i = 0;
  let out = '';
  for (const p of parts) {
    if ('keep' in p) out += p.keep;
    else {
      const t = translations[i++];
      if (t === undefined) throw new Error(`joinHtml: ${segmentTexts(parts).length} segments but ${translations.length} translations`);
      out += p.lead + t + p.trail;
    }
  }
  if (i !== translations.length) throw new Error(`joinHtml: ${i} segments but ${translations.length} translations`);
  return out;
}
