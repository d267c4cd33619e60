/**
 * Assembles the corpus from raw pairs of several origins: cleans every pair,
 * drops exact duplicate (en, es) pairs, sorts in code-unit order, assigns splits
 * with the fixed hash rule, and keeps one translation per source in dev and test.
 * Also builds the out-of-domain set, kept apart from every corpus source.
 */
import { cleanPair, LIMITS, type DropReason } from './clean.ts';
import { comparePairs, type Pair } from './pair.ts';
import type { RawPair } from './read-gettext.ts';
import { SPLIT_NAMES, splitUniquePairs, type SplitName } from './split.ts';

export interface SourceInput {
  pkg: string;
  pairs: RawPair[];
  /** Accelerator marks to strip, see CleanOptions. */
  accelerators: string;
}

export interface PackageStats {
  raw: number;
  dropped: Partial<Record<DropReason, number>>;
  /** Pairs written (after cleaning, de-duplication and the one-translation rule of dev/test). */
  train: number;
  dev: number;
  test: number;
  total: number;
}

export interface CorpusStats {
  splits: Record<SplitName, number>;
  total: number;
  duplicatesRemoved: number;
  devTestAlternativesRemoved: number;
  limits: typeof LIMITS;
  packages: Record<string, PackageStats>;
}

export interface BuiltCorpus {
  splits: Record<SplitName, Pair[]>;
  stats: CorpusStats;
}

export function cleanSource(source: SourceInput, stats: PackageStats): Pair[] {
  const kept: Pair[] = [];
  for (const raw of source.pairs) {
    stats.raw++;
    const result = cleanPair(raw.en, raw.es, { accelerators: source.accelerators });
    if ('drop' in result) stats.dropped[result.drop] = (stats.dropped[result.drop] ?? 0) + 1;
    else kept.push({ en: result.en, es: result.es, pkg: source.pkg });
  }
  return kept;
}

export function buildCorpus(sources: readonly SourceInput[]): BuiltCorpus {
  const packages: Record<string, PackageStats> = {};
  const all: Pair[] = [];
  for (const source of sources) {
    const stats = (packages[source.pkg] ??= { raw: 0, dropped: {}, train: 0, dev: 0, test: 0, total: 0 });
    all.push(...cleanSource(source, stats));
  }
  const { splits, alternatives, duplicates } = splitUniquePairs(all);
  for (const name of SPLIT_NAMES) {
    for (const pair of splits[name]) {
      packages[pair.pkg][name]++;
      packages[pair.pkg].total++;
    }
  }
  const sortedPackages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a < b ? -1 : 1)));
  return {
    splits,
    stats: {
      splits: { train: splits.train.length, dev: splits.dev.length, test: splits.test.length },
      total: splits.train.length + splits.dev.length + splits.test.length,
      duplicatesRemoved: duplicates,
      devTestAlternativesRemoved: alternatives,
      limits: LIMITS,
      packages: sortedPackages,
    },
  };
}

/**
 * The out-of-domain set: cleaned pairs (no accelerator stripping) whose English never
 * occurs as a source in the corpus, one translation per source, sorted.
 */
export function buildOod(source: SourceInput, corpusSources: ReadonlySet<string>): { pairs: Pair[]; stats: PackageStats } {
  const stats: PackageStats = { raw: 0, dropped: {}, train: 0, dev: 0, test: 0, total: 0 };
  const cleaned = cleanSource(source, stats).sort(comparePairs);
  const pairs = cleaned.filter((p, i) => !corpusSources.has(p.en) && (i === 0 || p.en !== cleaned[i - 1].en));
  stats.total = pairs.length;
  return { pairs, stats };
}
