/**
 * Python behaviours sacreBLEU's numbers depend on, ported to JS: `str` whitespace and
 * code-point indexing, and half-to-even fixed-point formatting.
 */

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

/**
 * Python's fixed-point float formatting `f'{x:.{digits}f}'`, which rounds the exact binary
 * value half-to-even. JS `toFixed` also uses the exact value but breaks exact ties away
 * from zero (12.25 -> "12.3" where Python prints "12.2"), so ties are detected and fixed.
 */
export function pyFixed(x: number, digits: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  const awayFromZero = x.toFixed(digits);
  const abs = Math.abs(x);
  if (abs >= 1e21) return awayFromZero;
  // Exact decimal expansion: every double >= 2^-48 has at most 100 fractional digits, and a
  // tie needs abs >= 0.5 * 10^-digits, so 100 digits always decide whether x is a tie.
  const [intPart, frac] = abs.toFixed(100).split('.');
  const isTie = frac[digits] === '5' && /^0*$/.test(frac.slice(digits + 1));
  if (!isTie) return awayFromZero;
  const lastKept = digits === 0 ? intPart[intPart.length - 1] : frac[digits - 1];
  if (Number(lastKept) % 2 === 1) return awayFromZero; // rounding up lands on the even digit
  const truncated = digits === 0 ? intPart : `${intPart}.${frac.slice(0, digits)}`;
  return x < 0 ? `-${truncated}` : truncated;
}
