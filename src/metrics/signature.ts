/**
 * sacreBLEU reproducibility signatures (metrics/base.py `Signature.format`): `key:value`
 * pairs joined by `|`, starting with `nrefs`, metric-specific keys next and `version` last,
 * e.g. `nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0`.
 */

/** The sacreBLEU release whose numbers this module reproduces. */
export const SACREBLEU_VERSION = '2.6.0';

/** Number of references per segment, or 'var' when it differs between segments. */
export type NumRefs = number | 'var';

export function formatSignature(nrefs: NumRefs, fields: ReadonlyArray<readonly [string, string | number]>): string {
  const pairs = [['nrefs', nrefs] as const, ...fields, ['version', SACREBLEU_VERSION] as const];
  return pairs.map(([k, v]) => `${k}:${v}`).join('|');
}

/** sacreBLEU's rule: one count if every segment has the same number of references, else 'var'. */
export function numRefsOf(refsPerSegment: readonly number[]): NumRefs {
  const distinct = new Set(refsPerSegment);
  return distinct.size === 1 ? refsPerSegment[0] : 'var';
}
