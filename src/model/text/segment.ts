/**
 * Sentence segmentation of one text, lossless: `segmentText(t)` returns pieces whose texts
 * joined give back `t` exactly; the sentence pieces are translated, the gaps (whitespace and
 * line breaks between sentences, and around the text) are copied.
 *
 * Rules (own rules, not Intl.Segmenter: on the cases of tests/unit/segment.test.ts the ICU
 * segmenter splits after "e.g." and "Dr." followed by a capital, these rules do not):
 *  - a line break always ends a sentence (catalog strings and help texts are line-structured);
 *  - inside a line, a sentence ends after `.`, `!`, `?` or `…` (a run of them, then closing
 *    quotes or brackets) when whitespace follows and the next character can start a sentence:
 *    an uppercase letter, a digit, an opening quote or bracket, `¿`, `¡` or `<`;
 *  - not after an abbreviation (e.g., i.e., Dr., Mr., vs., approx., Fig., No., et al., …)
 *    or a single-letter initial (J. Smith);
 *  - never inside a placeholder (URL, e-mail, tag, number such as 2.0.1, shortcut): the
 *    placeholder spans of placeholders.ts are never cut.
 * Pure TypeScript.
 */
import { findPlaceholders } from './placeholders.ts';

export interface TextPiece {
  text: string;
  /** True for a sentence to translate, false for a gap to copy. */
  sentence: boolean;
}

/** Abbreviations (lowercase, without their final period) after which a period does not end a sentence. */
const ABBREVIATIONS = new Set([
  'e.g', 'i.e', 'eg', 'ie', 'cf', 'vs', 'viz', 'approx', 'ca', 'dr', 'mr', 'mrs', 'ms', 'prof', 'st', 'jr', 'sr',
  'fig', 'figs', 'no', 'nos', 'vol', 'vols', 'p', 'pp', 'ed', 'eds', 'al', 'ref', 'refs', 'sec', 'ch', 'min', 'max',
  'esp', 'incl', 'resp', 'est', 'dept', 'mt', 'ft', 'gen', 'col', 'lt', 'sgt', 'capt', 'rev', 'hon',
]);

const END = /[.!?…]+["'”’»)\]]*/gu;
const STARTS_SENTENCE = /^[\p{Lu}\p{N}"'“‘«([¿¡<]/u;

/** Character offsets inside `line` where a sentence ends (just after its punctuation). */
function boundaries(line: string): number[] {
  const spans = findPlaceholders(line).map((f) => [f.index, f.index + f.text.length] as const);
  const out: number[] = [];
  for (const m of line.matchAll(END)) {
    const end = m.index! + m[0].length;
    const after = line.slice(end);
    const ws = /^\s+/.exec(after);
    if (!ws || !STARTS_SENTENCE.test(after.slice(ws[0].length))) continue;
    if (spans.some(([a, b]) => m.index! >= a && m.index! < b)) continue;
    if (m[0].startsWith('.') && !m[0].startsWith('..')) {
      const word = /(?:^|[\s(\["'“‘«])([\p{L}.]+)$/u.exec(line.slice(0, m.index!))?.[1] ?? '';
      if (ABBREVIATIONS.has(word.toLowerCase()) || /^\p{Lu}$/u.test(word)) continue;
    }
    out.push(end);
  }
  return out;
}

/** Splits `text` into sentences and the gaps between them (see the file comment). */
export function segmentText(text: string): TextPiece[] {
  const pieces: TextPiece[] = [];
  const gap = (s: string) => {
    if (!s) return;
    const last = pieces[pieces.length - 1];
    if (last && !last.sentence) last.text += s;
    else pieces.push({ text: s, sentence: false });
  };
  for (const part of text.split(/(\r\n|\n|\r)/)) {
    if (/^(\r\n|\n|\r)$/.test(part)) { gap(part); continue; }
    let pos = 0;
    for (const b of [...boundaries(part), part.length]) {
      const chunk = part.slice(pos, b);
      pos = b;
      const lead = /^\s*/.exec(chunk)![0];
      const trail = /\s*$/.exec(chunk.slice(lead.length))![0];
      const body = chunk.slice(lead.length, chunk.length - trail.length);
      gap(lead);
      if (body) pieces.push({ text: body, sentence: true });
      gap(trail);
    }
  }
  return pieces;
}
