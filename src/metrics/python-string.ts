/**
 * Python `str` semantics that sacreBLEU relies on, ported to JS.
 *
 * - Whitespace is Python's `str.isspace()` set (not JS `\s`: Python also splits on
 *   U+001C..U+001F and U+0085, but not on U+FEFF). `str.split()`, `strip()` and
 *   `rstrip()` all use this set.
 * - Python indexes strings by code point; JS by UTF-16 unit. `codePoints` gives the
 *   Python view (so `len(w)`, `w[-1]` and character n-grams agree on astral chars).
 */

/** Body of a character class holding exactly the code points for which Python's `str.isspace()` is true. */
const PY_WHITESPACE_CLASS = '\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';

const WHITESPACE_RUN = new RegExp(`[${PY_WHITESPACE_CLASS}]+`, 'u');
const LEADING_WHITESPACE = new RegExp(`^[${PY_WHITESPACE_CLASS}]+`, 'u');
const TRAILING_WHITESPACE = new RegExp(`[${PY_WHITESPACE_CLASS}]+$`, 'u');

/** Python `s.split()` with no argument: split on whitespace runs, drop empty pieces. */
export function pySplit(s: string): string[] {
  return s.split(WHITESPACE_RUN).filter((t) => t !== '');
}

/** Python `s.rstrip()`. */
export function pyRstrip(s: string): string {
  return s.replace(TRAILING_WHITESPACE, '');
}

/** Python `s.strip()`. */
export function pyStrip(s: string): string {
  return s.replace(LEADING_WHITESPACE, '').replace(TRAILING_WHITESPACE, '');
}

/** Python `s.lower()` (full Unicode lower-casing, e.g. U+0130 -> "i̇", final sigma). */
export function pyLower(s: string): string {
  return s.toLowerCase();
}

/** The string as Python sees it: one element per Unicode code point. */
export function codePoints(s: string): string[] {
  return Array.from(s);
}
