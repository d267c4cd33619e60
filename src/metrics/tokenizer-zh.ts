/**
 * sacreBLEU's `zh` tokenizer (tokenizer_zh.py): strip, surround every "Chinese" character
 * with spaces, then apply the shared mteval regexps (without 13a's padding or unescaping).
 */
import { pyStrip } from './python-string.ts';
import { tokenizeRegexp } from './tokenizer-regexp.ts';

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
