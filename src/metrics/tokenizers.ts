/**
 * The BLEU tokenizers of sacreBLEU 2.6.0 (sacrebleu/tokenizers/), by their `--tokenize` name;
 * `13a` is the default. Each is a pure function from a line to its space-joined tokens.
 */
import { pySplit, codePoints, pyStrip } from './python-compat.ts';

/**
 * sacreBLEU's `TokenizerRegexp` (tokenizer_re.py): the mteval-v13a punctuation rules shared
 * by the `13a` and `zh` tokenizers, followed by `' '.join(line.split())`.
 */

/** (pattern, replacement) pairs applied in order, exactly as in tokenizer_re.py. */
const MTEVAL_RULES: ReadonlyArray<readonly [RegExp, string]> = [
  // language-dependent part (assuming Western languages): [{-~[-` -&(-+:-@/]
  [/([{-~[-` -&(-+:-@/])/gu, ' $1 '],
  // tokenize period and comma unless preceded by a digit
  [/([^0-9])([.,])/gu, '$1 $2 '],
  // tokenize period and comma unless followed by a digit
  [/([.,])([^0-9])/gu, ' $1 $2'],
  // tokenize dash when preceded by a digit
  [/([0-9])(-)/gu, '$1 $2 '],
];

/** Apply the mteval-v13a regexps, then collapse whitespace to single spaces. */
export function tokenizeRegexp(line: string): string {
  let out = line;
  for (const [pattern, replacement] of MTEVAL_RULES) out = out.replace(pattern, replacement);
  return pySplit(out).join(' ');
}

/**
 * sacreBLEU's default `13a` tokenizer (tokenizer_13a.py), equivalent to mteval-v13a.pl:
 * drop `<skipped>`, join `-\n` hyphenations, unescape four HTML entities, pad with spaces,
 * then apply the shared mteval regexps.
 */
export function tokenize13a(line: string): string {
  let s = line.replaceAll('<skipped>', '').replaceAll('-\n', '').replaceAll('\n', ' ');
  if (s.includes('&')) {
    // Order matters: "&amp;lt;" becomes "&lt;" and then "<", as in Python.
    s = s.replaceAll('&quot;', '"').replaceAll('&amp;', '&').replaceAll('&lt;', '<').replaceAll('&gt;', '>');
  }
  return tokenizeRegexp(` ${s} `);
}

/**
 * sacreBLEU's `intl` tokenizer (tokenizer_intl.py, mteval-v14 international): split
 * punctuation (\p{P}) unless it sits between digits, and split every symbol (\p{S}).
 * The Python `regex` Unicode property classes map to JS `\p{...}` with the `u` flag.
 */

const INTL_RULES: ReadonlyArray<readonly [RegExp, string]> = [
  // Separate out punctuations preceded by a non-digit
  [/(\P{N})(\p{P})/gu, '$1 $2 '],
  // Separate out punctuations followed by a non-digit
  [/(\p{P})(\P{N})/gu, ' $1 $2'],
  // Separate out symbols
  [/(\p{S})/gu, ' $1 '],
];

export function tokenizeIntl(line: string): string {
  let out = line;
  for (const [pattern, replacement] of INTL_RULES) out = out.replace(pattern, replacement);
  return pySplit(out).join(' ');
}

/** sacreBLEU's `char` tokenizer (tokenizer_char.py): every code point becomes a token. */
export function tokenizeChar(line: string): string {
  return codePoints(line).join(' ');
}

/** sacreBLEU's `none` tokenizer (tokenizer_none.py): the line is used as is. */
export function tokenizeNone(line: string): string {
  return line;
}

/**
 * sacreBLEU's `zh` tokenizer (tokenizer_zh.py): strip, surround every "Chinese" character
 * with spaces, then apply the shared mteval regexps (without 13a's padding or unescaping).
 */

/**
 * Inclusive code point ranges that `_is_chinese_char` accepts, as Python evaluates
 * `start <= uchar <= end` on strings. Two entries of sacreBLEU's table are written
 * '\u20000'..'\u2a6d6' and '\u2f800'..'\u2fa1d': Python reads them as two-character
 * strings ('\u2000'+'0', ...), so they really cover U+2001..U+2A6D (general punctuation
 * such as en dash, curly quotes and the ellipsis, currency signs, arrows, maths...) and
 * U+2F81..U+2FA1, and no astral character ever matches. We reproduce that behaviour.
 */
const CHINESE_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x3400, 0x4db5], // CJK Unified Ideographs Extension A
  [0x4e00, 0x9fa5], // CJK Unified Ideographs
  [0x9fa6, 0x9fbb], // CJK Unified Ideographs, release 4.1
  [0xf900, 0xfa2d], // CJK Compatibility Ideographs
  [0xfa30, 0xfa6a], // CJK Compatibility Ideographs, release 3.2
  [0xfa70, 0xfad9], // CJK Compatibility Ideographs, release 4.1
  [0x2001, 0x2a6d], // sacreBLEU's ('\u20000', '\u2a6d6') as Python compares it
  [0x2f81, 0x2fa1], // sacreBLEU's ('\u2f800', '\u2fa1d') as Python compares it
  [0xff00, 0xffef], // full-width ASCII and punctuation, half-width kana, Hangul
  [0x2e80, 0x2eff], // CJK Radicals Supplement
  [0x3000, 0x303f], // CJK punctuation
  [0x31c0, 0x31ef], // CJK strokes
  [0x2f00, 0x2fdf], // Kangxi Radicals
  [0x2ff0, 0x2fff], // ideographic description characters
  [0x3100, 0x312f], // Bopomofo
  [0x31a0, 0x31bf], // Bopomofo extended
  [0xfe10, 0xfe1f],
  [0xfe30, 0xfe4f],
  [0x2600, 0x26ff],
  [0x2700, 0x27bf],
  [0x3200, 0x32ff],
  [0x3300, 0x33ff],
];

/** Whether sacreBLEU's zh tokenizer isolates this code point as its own token. */
export function isChineseChar(codePoint: number): boolean {
  for (const [start, end] of CHINESE_RANGES) if (codePoint >= start && codePoint <= end) return true;
  return false;
}

export function tokenizeZh(line: string): string {
  let spaced = '';
  for (const ch of pyStrip(line)) {
    spaced += isChineseChar(ch.codePointAt(0) as number) ? ` ${ch} ` : ch;
  }
  return tokenizeRegexp(spaced);
}

// ---------------------------------------------------------------- the tokenizers by name

export type Tokenizer = (line: string) => string;

export const TOKENIZERS = {
  '13a': tokenize13a,
  intl: tokenizeIntl,
  char: tokenizeChar,
  zh: tokenizeZh,
  none: tokenizeNone,
} as const satisfies Record<string, Tokenizer>;

export type TokenizerName = keyof typeof TOKENIZERS;

export const DEFAULT_TOKENIZER: TokenizerName = '13a';

export function isTokenizerName(name: string): name is TokenizerName {
  return Object.prototype.hasOwnProperty.call(TOKENIZERS, name);
}

/** The tokenizer function for a sacreBLEU tokenizer name; throws on an unknown name. */
export function getTokenizer(name: TokenizerName): Tokenizer {
  if (!isTokenizerName(name)) throw new Error(`unknown BLEU tokenizer '${String(name)}' (expected one of ${Object.keys(TOKENIZERS).join(', ')})`);
  return TOKENIZERS[name];
}
