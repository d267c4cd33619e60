/**
 * The fixed split rule of the corpus: FNV-1a 32 of the cleaned English source,
 * `hash % 1000 < 40` → test, `< 60` → dev, otherwise train. Every translation
 * of one source therefore lands in the same split.
 */
import { fnv1a32 } from './fnv1a.ts';
import { comparePairs, type Pair } from './pair.ts';

export type SplitName = 'train' | 'dev' | 'test';
export const SPLIT_NAMES: readonly SplitName[] = ['train', 'dev', 'test'];

export function splitOf(en: string): SplitName {
  const bucket = fnv1a32(en) % 1000;
  if (bucket < 40) return 'test';
  if (bucket < 60) return 'dev';
  return 'train';
}

/**
 * Sorts the cleaned pairs (in place), drops exact duplicates, splits them by `splitOf`, and
 * keeps one translation per source in dev and test (the first in sort order); `alternatives`
 * counts the other translations dropped there, `duplicates` the exact duplicates.
 */
export function splitUniquePairs(all: Pair[]): { splits: Record<SplitName, Pair[]>; alternatives: number; duplicates: number } {
  all.sort(comparePairs);
  const unique = all.filter((p, i) => i === 0 || p.en !== all[i - 1].en || p.es !== all[i - 1].es);
  const splits: Record<SplitName, Pair[]> = { train: [], dev: [], test: [] };
  for (const pair of unique) splits[splitOf(pair.en)].push(pair);
  let alternatives = 0;
  for (const name of ['dev', 'test'] as const) {
    const before = splits[name].length;
    splits[name] = splits[name].filter((p, i, list) => i === 0 || p.en !== list[i - 1].en);
    alternatives += before - splits[name].length;
  }
  return { splits, alternatives, duplicates: all.length - unique.length };
}
