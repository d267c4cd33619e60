/**
 * Assembles the archive corpus from the catalogues of many packages and the DDTP descriptions.
 * Same core as build.ts (clean.ts cleaning, exact de-duplication, code-unit order, the FNV-1a
 * split rule, one translation per source in dev and test), plus the filters a large crawl
 * needs: templates with no words (no-words.ts), msgstr not Spanish (not-spanish.ts),
 * near-duplicates within a split and near-copies of held-out sources in train
 * (near-duplicates.ts), and sources of the out-of-domain set in train. Then the stratified
 * broad test split.
 */
import { cleanSource, type PackageStats } from '../build.ts';
import { fnv1a32 } from '../fnv1a.ts';
import { comparePairs, type Pair } from '../pair.ts';
import type { RawPair } from '../read-gettext.ts';
import { splitOf, splitUniquePairs, type SplitName } from '../split.ts';
import { dropHeldOutNeighbours, dropNearDuplicates } from './near-duplicates.ts';
import { hasWords } from './no-words.ts';
import { spanishVerdict } from './not-spanish.ts';
import { SOURCE_KINDS, type SourceKind } from './source-kind.ts';

export interface ArchiveCatalogue {
  pairs: RawPair[];
  /** Accelerator marks stripped from this catalogue (see clean.ts CleanOptions). */
  accelerators: string;
}

export interface ArchiveSource {
  /** Debian package name, or `ddtp` for the package descriptions. */
  pkg: string;
  kind: SourceKind;
  catalogues: ArchiveCatalogue[];
}

export type ArchiveDropReason =
  | keyof PackageStats['dropped']
  | 'no-words'
  | 'not-spanish-english'
  | 'not-spanish-other'
  | 'near-duplicate'
  | 'near-held-out'
  | 'out-of-domain';

export interface ArchivePackageStats {
  raw: number;
  dropped: Partial<Record<ArchiveDropReason, number>>;
  train: number;
  dev: number;
  test: number;
  total: number;
}

export interface BroadPair extends Pair {
  kind: SourceKind;
}

export interface ArchiveBuildOptions {
  /** Today's dev and test sources: they must stay held out (checked), and their near-copies leave train. */
  legacyHeldOut: { dev: readonly Pair[]; test: readonly Pair[] };
  /** English sources of the out-of-domain set (gnome-user-docs): never trained on. */
  outOfDomain: readonly string[];
  /** Pairs per stratum of the broad test split. */
  broadPerKind: number;
}

export interface LegacyCheck {
  legacyTestSources: number;
  legacyDevSources: number;
  /** Legacy test/dev sources present in the archive corpus, all of them in its dev or test. */
  foundHeldOut: number;
  /** Legacy test/dev sources found in the archive's train split (must be 0). */
  foundInTrain: number;
}

export interface ArchiveCorpus {
  train: Pair[];
  dev: Pair[];
  /** The archive's whole FNV test bucket (held out; test-broad samples it). */
  heldOutTest: Pair[];
  testBroad: BroadPair[];
  packages: Record<string, ArchivePackageStats>;
  dropped: Partial<Record<ArchiveDropReason, number>>;
  duplicatesRemoved: number;
  devTestAlternativesRemoved: number;
  byKind: Record<SourceKind, { train: number; dev: number; test: number; testBroad: number }>;
  legacyCheck: LegacyCheck;
}

const newStats = (): ArchivePackageStats => ({ raw: 0, dropped: {}, train: 0, dev: 0, test: 0, total: 0 });
const bump = (stats: ArchivePackageStats, reason: ArchiveDropReason) => (stats.dropped[reason] = (stats.dropped[reason] ?? 0) + 1);

/** Cleans and filters one source's catalogues; counts into stats. */
function cleanArchiveSource(source: ArchiveSource, stats: ArchivePackageStats): Pair[] {
  const kept: Pair[] = [];
  for (const catalogue of source.catalogues) {
    const base: PackageStats = { raw: 0, dropped: {}, train: 0, dev: 0, test: 0, total: 0 };
    const cleaned = cleanSource({ pkg: source.pkg, pairs: catalogue.pairs, accelerators: catalogue.accelerators }, base);
    stats.raw += base.raw;
    for (const [reason, n] of Object.entries(base.dropped)) stats.dropped[reason as ArchiveDropReason] = (stats.dropped[reason as ArchiveDropReason] ?? 0) + n;
    for (const pair of cleaned) {
      if (!hasWords(pair.en)) bump(stats, 'no-words');
      else {
        const verdict = spanishVerdict(pair.en, pair.es);
        if (verdict === 'english') bump(stats, 'not-spanish-english');
        else if (verdict === 'other') bump(stats, 'not-spanish-other');
        else kept.push(pair);
      }
    }
  }
  return kept;
}

/** The broad test split: per kind, the `n` held-out pairs first in FNV-1a order of `test-broad\t<en>`. */
export function sampleBroad(heldOut: readonly Pair[], kindOf: (pkg: string) => SourceKind, n: number): BroadPair[] {
  const out: BroadPair[] = [];
  for (const kind of SOURCE_KINDS) {
    const stratum = heldOut
      .filter((p) => kindOf(p.pkg) === kind)
      .map((p) => ({ p, h: fnv1a32(`test-broad\t${p.en}`) }))
      .sort((a, b) => a.h - b.h || comparePairs(a.p, b.p))
      .slice(0, n)
      .map(({ p }) => ({ ...p, kind }))
      .sort(comparePairs);
    out.push(...stratum);
  }
  return out;
}

export function buildArchiveCorpus(sources: readonly ArchiveSource[], options: ArchiveBuildOptions): ArchiveCorpus {
  const packages: Record<string, ArchivePackageStats> = {};
  const kinds = new Map<string, SourceKind>();
  const all: Pair[] = [];
  for (const source of sources) {
    const stats = (packages[source.pkg] ??= newStats());
    kinds.set(source.pkg, source.kind);
    for (const pair of cleanArchiveSource(source, stats)) all.push(pair);
  }
  const { splits, alternatives, duplicates } = splitUniquePairs(all);
  const drop = (pairs: readonly Pair[], reason: ArchiveDropReason) => {
    for (const pair of pairs) bump(packages[pair.pkg], reason);
  };
  for (const name of ['train', 'dev', 'test'] as const) {
    const { kept, dropped } = dropNearDuplicates(splits[name]);
    splits[name] = kept;
    drop(dropped, 'near-duplicate');
  }
  const heldOutSources = [...splits.dev, ...splits.test, ...options.legacyHeldOut.dev, ...options.legacyHeldOut.test].map((p) => p.en);
  const near = dropHeldOutNeighbours(splits.train, heldOutSources);
  drop(near.dropped, 'near-held-out');
  const ood = dropHeldOutNeighbours(near.kept, options.outOfDomain);
  drop(ood.dropped, 'out-of-domain');
  splits.train = ood.kept;

  for (const name of ['train', 'dev', 'test'] as const)
    for (const pair of splits[name]) {
      packages[pair.pkg][name]++;
      packages[pair.pkg].total++;
    }
  const legacy = new Set([...options.legacyHeldOut.dev, ...options.legacyHeldOut.test].map((p) => p.en));
  const legacyCheck: LegacyCheck = {
    legacyTestSources: new Set(options.legacyHeldOut.test.map((p) => p.en)).size,
    legacyDevSources: new Set(options.legacyHeldOut.dev.map((p) => p.en)).size,
    foundHeldOut: new Set([...splits.dev, ...splits.test].filter((p) => legacy.has(p.en)).map((p) => p.en)).size,
    foundInTrain: new Set(splits.train.filter((p) => legacy.has(p.en)).map((p) => p.en)).size,
  };
  const kindOf = (pkg: string) => kinds.get(pkg) ?? 'other-ui';
  const testBroad = sampleBroad(splits.test, kindOf, options.broadPerKind);
  const byKind = Object.fromEntries(SOURCE_KINDS.map((k) => [k, { train: 0, dev: 0, test: 0, testBroad: 0 }])) as ArchiveCorpus['byKind'];
  for (const name of ['train', 'dev', 'test'] as const) for (const pair of splits[name]) byKind[kindOf(pair.pkg)][name]++;
  for (const pair of testBroad) byKind[pair.kind].testBroad++;
  const dropped: ArchiveCorpus['dropped'] = {};
  for (const stats of Object.values(packages))
    for (const [reason, n] of Object.entries(stats.dropped)) dropped[reason as ArchiveDropReason] = (dropped[reason as ArchiveDropReason] ?? 0) + n;
  const sortedDropped = Object.fromEntries(Object.entries(dropped).sort(([a], [b]) => (a < b ? -1 : 1)));
  return {
    train: splits.train,
    dev: splits.dev,
    heldOutTest: splits.test,
    testBroad,
    packages: Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a < b ? -1 : 1))),
    dropped: sortedDropped,
    duplicatesRemoved: duplicates,
    devTestAlternativesRemoved: alternatives,
    byKind,
    legacyCheck,
  };
}
