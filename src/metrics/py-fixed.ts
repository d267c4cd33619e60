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
