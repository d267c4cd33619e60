/**
 * Placeholder masking: replaces text the model must copy verbatim (printf and brace
 * formats, $variables, XML/HTML tags and entities, URLs, e-mail addresses, numbers,
 * keyboard shortcuts)
 * by single sentinel characters, `sentinelChar(i)` for the i-th placeholder of the
 * string (one slot per occurrence, in order), and puts them back after translation.
 *
 * Guarantees and conventions:
 *  - `unmask(mask(s).masked, mask(s).slots) === s` for every string s. A character of the
 *    sentinel range (U+E000..U+E000+MAX_SENTINELS-1) already present in s is itself a
 *    placeholder, so it never stays literal in the masked text.
 *  - At most MAX_SENTINELS slots per string. Placeholders beyond that stay literal text;
 *    but if that literal remainder would contain a sentinel-range character, the last slot
 *    instead holds the whole rest of the string from its placeholder on (round-trip safe).
 *  - `unmask` of a model output: a sentinel whose slot does not exist is dropped; a slot the
 *    output never mentions is simply missing from the result (not appended).
 *  - `maskPair` (training): the target's placeholders that equal a source placeholder's text
 *    (numbers up to their . / , separators, see matchKey) get that source slot's character
 *    (first unused occurrence, else the first one), so the model learns to copy; unmasking
 *    a translation therefore restores the source's form (`1.5`, not `1,5`). Target-only placeholders stay literal text, except sentinel-range
 *    characters, which are deleted; `unmatchedTarget` counts both kinds so the trainer can
 *    skip such pairs.
 *
 * Pure TypeScript (no Node modules): used by the trainer and by the Worker.
 */
import { isSentinelChar, MAX_SENTINELS, SENTINEL_BASE_CODEPOINT, sentinelChar } from './special-tokens.ts';
import { SHORTCUT_PATTERN } from './shortcut.ts';

export interface MaskResult {
  masked: string;
  /** slots[i] is the original text replaced by sentinelChar(i). */
  slots: string[];
}

export interface MaskedPair {
  /** The masked source. */
  source: string;
  /** The masked target, using the source's sentinel characters. */
  target: string;
  /** The source slots (what unmask needs at translation time). */
  slots: string[];
  /** Target placeholders with no source counterpart (left literal or, for sentinel characters, deleted). */
  unmatchedTarget: number;
}

const SENTINEL_CLASS = `[${String.fromCharCode(SENTINEL_BASE_CODEPOINT)}-${String.fromCharCode(SENTINEL_BASE_CODEPOINT + MAX_SENTINELS - 1)}]`;
const SENTINEL_RE = new RegExp(SENTINEL_CLASS);

/** Alternatives in priority order: at one position the first that matches wins. */
const PLACEHOLDER_PARTS = [
  SENTINEL_CLASS,
  // URLs (trailing sentence punctuation is not part of the URL).
  String.raw`(?:https?|ftp|file)://[^\s<>"'«»]*[^\s<>"'«».,;:!?)\]]`,
  String.raw`www\.[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?:/[^\s<>"'«»]*[^\s<>"'«».,;:!?)\]])?`,
  // E-mail addresses.
  String.raw`[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}`,
  // XML/HTML tags: opening (with name=value attributes), closing, self-closing.
  String.raw`</?[A-Za-z][\w:.-]*(?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))*\s*/?>`,
  // Character entities.
  String.raw`&(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#x[0-9A-Fa-f]+);`,
  // Keyboard shortcuts (Ctrl+S, Alt-F4, Ctrl+Shift+Z) and function keys (F1..F24), see shortcut.ts.
  SHORTCUT_PATTERN,
  // Python named printf: %(name)s.
  String.raw`%\([^()\s]+\)[-+#0]*\d*(?:\.\d+)?[A-Za-z]`,
  // LibreOffice-style %PRODUCTNAME.
  String.raw`%[A-Z][A-Z0-9_]{2,}\b`,
  // C printf (with positional 1$, flags, width, precision, length, and gcc's %q+D), %%.
  String.raw`%(?:\d+\$)?[-+#0'q]*(?:\d+|\*)?(?:\.(?:\d+|\*))?(?:hh|ll|I64|I32|[hlLjztw])?[A-Za-z%]`,
  // gcc's quote markers %< and %> (bare: in "%2</b>" the %2 is Qt's, and </b> a tag).
  String.raw`%[<>]`,
  // Qt / LibreOffice positional %1.
  String.raw`%\d+`,
  // Shell-style variables: ${var}, $(VAR), $VAR, Wesnoth's $unit.name / $list[0] with its closing bar, $1.
  String.raw`\$\{[^{}\s]+\}`,
  String.raw`\$\([A-Za-z0-9_]+\)`,
  String.raw`\$[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*|\[\d+\])*\|?`,
  String.raw`\$\d+`,
  // Brace formats: {0}, {name}, {count:d}, {}, {{name}}.
  String.raw`\{\{[\w.:-]*\}\}`,
  String.raw`\{[\w.:!,#-]*\}`,
  // Numbers standing alone (not part of a word like mp3 or x86_64), with . or , groups: 2.5, 1,000.
  String.raw`(?<![\p{L}\p{N}_])\d+(?:[.,]\d+)*(?![\p{L}\p{N}_])`,
];

const PLACEHOLDER_RE = new RegExp(PLACEHOLDER_PARTS.join('|'), 'gu');
/**
 * The placeholder set before keyboard shortcuts were added (issue 17). Only for rebuilding a
 * vocabulary learnt with it (its provenance says `masking: "maskPair"`); translation always
 * masks shortcuts, and the model copes, as a shortcut's sentinel is like any other.
 */
const PLACEHOLDER_RE_WITHOUT_SHORTCUTS = new RegExp(PLACEHOLDER_PARTS.filter((p) => p !== SHORTCUT_PATTERN).join('|'), 'gu');

/** How a text is masked: `shortcuts: false` leaves keyboard shortcuts as text (see above). */
export interface MaskScheme {
  shortcuts?: boolean;
  /**
   * The whole text a sentence was cut from (segmentation): an opening tag that the text closes
   * is a placeholder even in a sentence that does not close it (see isMetavariable).
   */
  context?: string;
}

interface Found {
  index: number;
  text: string;
}

/** HTML elements that never have a closing tag. */
const VOID_ELEMENTS = new Set(['br', 'hr', 'img', 'input', 'meta', 'link', 'wbr', 'col', 'area', 'source']);

/**
 * An opening tag without attributes (`<file>`, `<spec-list>`) is a placeholder only when the
 * string also closes it or it is an HTML void element; otherwise it is a translatable
 * metavariable of help texts (`-o <file>` → `-o <fichero>`).
 */
function isMetavariable(match: string, text: string): boolean {
  const bare = /^<([A-Za-z][\w:.-]*)>$/.exec(match);
  return bare !== null && !VOID_ELEMENTS.has(bare[1].toLowerCase()) && !text.includes(`</${bare[1]}>`);
}

/** The placeholders of a text, left to right, non-overlapping. */
export function findPlaceholders(text: string, scheme: MaskScheme = {}): Found[] {
  const found: Found[] = [];
  for (const m of text.matchAll(scheme.shortcuts === false ? PLACEHOLDER_RE_WITHOUT_SHORTCUTS : PLACEHOLDER_RE)) if (!isMetavariable(m[0], scheme.context === undefined ? text : `${text}\n${scheme.context}`)) found.push({ index: m.index ?? 0, text: m[0] });
  return found;
}

/**
 * Whether a translation carries the placeholders of its source: every placeholder of `source`
 * (as findPlaceholders parses it again in `output`) exactly as often as in the source, and no
 * other placeholder unless its text occurs verbatim in the source or in one of `allowed`
 * (glossary targets): a number the model wrote out of a glued source form ("4p" → "4 jug.",
 * "6th" → "6.º") is copied, not invented. A slot glued to literal text so that it parses as
 * another placeholder ("1-2-3" → "213", "$base" → "$base|") fails. `scheme.context`: as for mask
 * (a sentence of a segmented text).
 */
export function placeholdersIntact(source: string, output: string, allowed: readonly string[] = [], scheme: MaskScheme = {}): boolean {
  const counts = new Map<string, number>();
  for (const f of findPlaceholders(source, scheme)) counts.set(f.text, (counts.get(f.text) ?? 0) + 1);
  // A tag the source (or its context) closes is a placeholder in the output too.
  for (const f of findPlaceholders(output, { ...scheme, context: `${source}\n${scheme.context ?? ''}` })) {
    const left = counts.get(f.text);
    if (left !== undefined) {
      if (left === 0) return false;
      counts.set(f.text, left - 1);
    } else if (!source.includes(f.text) && !allowed.some((a) => a.includes(f.text))) return false;
  }
  for (const left of counts.values()) if (left !== 0) return false;
  return true;
}

/**
 * What must agree for a target placeholder to reuse a source slot: the text itself, except
 * that numbers ignore which of . and , separates their digit groups (1.5 ~ 1,5; 1,000 ~ 1.000)
 * and $variables ignore Wesnoth's optional closing bar ($nick ~ $nick|).
 */
function matchKey(text: string): string {
  if (/^\d+(?:[.,]\d+)*$/.test(text)) return text.replace(/,/g, '.');
  if (text.startsWith('$') && text.endsWith('|')) return text.slice(0, -1);
  return text;
}

/**
 * A span masked like a placeholder but restored as `replacement` (glossary terms, see
 * glossary.ts). Spans that overlap a placeholder are ignored; they must not overlap each other.
 */
export interface ReplacedSpan {
  index: number;
  text: string;
  replacement: string;
}

/** Masks the placeholders of `text`, and the `replaced` spans (restored as their replacement). */
export function mask(text: string, replaced: readonly ReplacedSpan[] = [], scheme: MaskScheme = {}): MaskResult {
  const slots: string[] = [];
  let masked = '';
  let pos = 0;
  let spans: (Found & { replacement?: string })[] = findPlaceholders(text, scheme);
  if (replaced.length > 0) {
    const overlaps = (a: Found, b: Found) => a.index < b.index + b.text.length && b.index < a.index + a.text.length;
    const kept = replaced.filter((r) => !spans.some((p) => overlaps(p, r)));
    spans = [...spans, ...kept].sort((a, b) => a.index - b.index);
  }
  for (const found of spans) {
    if (slots.length === MAX_SENTINELS) break;
    const isLastSlot = slots.length === MAX_SENTINELS - 1;
    const takesRest = isLastSlot && SENTINEL_RE.test(text.slice(found.index + found.text.length));
    const slotText = takesRest ? text.slice(found.index) : found.replacement ?? found.text;
    masked += text.slice(pos, found.index) + sentinelChar(slots.length);
    slots.push(slotText);
    pos = takesRest ? text.length : found.index + found.text.length;
  }
  return { masked: masked + text.slice(pos), slots };
}

/** The slot a sentinel character stands for, or -1 for any other character. */
const sentinelSlot = (ch: string): number => (isSentinelChar(ch) ? ch.charCodeAt(0) - SENTINEL_BASE_CODEPOINT : -1);

export function unmask(masked: string, slots: readonly string[]): string {
  let out = '';
  for (const ch of masked) {
    const slot = sentinelSlot(ch);
    if (slot >= 0) out += slot < slots.length ? slots[slot] : '';
    else out += ch;
  }
  return out;
}

/**
 * `unmask`, then a space between each restored placeholder and literal text glued to it that
 * makes it parse as something else (a number slot between literal digits, a $variable slot
 * before a literal `|`). The engine's last resort when no hypothesis of the beam keeps its
 * placeholders intact: the translation may read oddly, but no placeholder is altered. Slots
 * that are not one placeholder (glossary terms) are restored as by `unmask`.
 */
export function unmaskSeparated(masked: string, slots: readonly string[]): string {
  type Piece = { text: string; slot: boolean };
  const pieces: Piece[] = [];
  for (const ch of masked) {
    const slot = sentinelSlot(ch);
    if (slot >= 0) {
      if (slot >= slots.length) continue;
      const text = slots[slot];
      const whole = findPlaceholders(text);
      pieces.push({ text, slot: whole.length === 1 && whole[0].text === text });
    } else if (pieces.length > 0 && !pieces[pieces.length - 1].slot) pieces[pieces.length - 1].text += ch;
    else pieces.push({ text: ch, slot: false });
  }
  const parsesAt = (i: number): boolean => {
    const index = pieces.slice(0, i).reduce((n, p) => n + p.text.length, 0);
    return findPlaceholders(pieces.map((p) => p.text).join('')).some((f) => f.index === index && f.text === pieces[i].text);
  };
  for (let i = 0; i < pieces.length; i++) {
    if (!pieces[i].slot || parsesAt(i)) continue;
    if (i + 1 < pieces.length && !/^\s/.test(pieces[i + 1].text)) pieces.splice(i + 1, 0, { text: ' ', slot: false });
    if (!parsesAt(i) && i > 0 && !/\s$/.test(pieces[i - 1].text)) pieces.splice(i++, 0, { text: ' ', slot: false });
  }
  return pieces.map((p) => p.text).join('');
}

export function maskPair(en: string, es: string, scheme: MaskScheme = {}): MaskedPair {
  const { masked, slots } = mask(en, [], scheme);
  const keys = slots.map(matchKey);
  const used = new Set<number>();
  let target = '';
  let pos = 0;
  let unmatchedTarget = 0;
  for (const found of findPlaceholders(es, scheme)) {
    target += es.slice(pos, found.index);
    pos = found.index + found.text.length;
    const key = matchKey(found.text);
    let slot = keys.findIndex((k, i) => k === key && !used.has(i));
    if (slot < 0) slot = keys.indexOf(key);
    if (slot >= 0) {
      used.add(slot);
      target += sentinelChar(slot);
    } else {
      unmatchedTarget++;
      if (!SENTINEL_RE.test(found.text)) target += found.text;
    }
  }
  return { source: masked, target: target + es.slice(pos), slots, unmatchedTarget };
}
