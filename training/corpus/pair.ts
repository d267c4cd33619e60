/**
 * One corpus entry: an English source, its Spanish translation and the
 * origin (Debian package name or user data file basename).
 */
export interface Pair {
  en: string;
  es: string;
  pkg: string;
}

/** Code-unit order on (en, es, pkg): locale-independent, so output is reproducible. */
export function comparePairs(a: Pair, b: Pair): number {
  return cmp(a.en, b.en) || cmp(a.es, b.es) || cmp(a.pkg, b.pkg);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
