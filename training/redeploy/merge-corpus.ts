/**
 * `--data` without a download (issue 15): the user's files are cleaned and split with the
 * corpus's own rules (training/corpus/build.ts: the FNV-1a split of the English source), then
 *  - <new-data>/{train,dev,test}.jsonl.gz hold the user's pairs alone (the new data's test
 *    split is the gate's second test set; its train split is what fine-tuning focuses on);
 *  - <merged>/ is the committed corpus plus the user's pairs: train = both train splits, dev =
 *    the user's dev pairs first then the base dev pairs (so a dev limit still sees both), and
 *    test = the committed test split unchanged (the comparable benchmark).
 * The split rule is the same for both, so a user sentence can never be in one set's train
 * split and the other's test split.
 */
import fs from 'node:fs';
import path from 'node:path';
import { buildCorpus, type SourceInput } from '../corpus/build.ts';
import { encodeJsonlGz, writeFileAtomic } from '../corpus/jsonl-gz.ts';
import { loadSplit, type Pair } from '../corpus/load.ts';
import { comparePairs } from '../corpus/pair.ts';
import { readUserData } from '../corpus/read-user-data.ts';
import { SPLIT_NAMES, type SplitName } from '../corpus/split.ts';

export interface MergedCorpus {
  merged: Record<SplitName, number>;
  newData: Record<SplitName, number>;
  /** Raw pairs read from each file. */
  files: Record<string, number>;
}

/** The user's files as corpus sources (accelerators stripped from gettext catalogs, as corpus.ts does). */
export function userSources(files: readonly string[]): SourceInput[] {
  return files.map((file) => ({ pkg: path.basename(file), pairs: readUserData(file), accelerators: /\.(mo|po)$/i.test(file) ? '_~&' : '' }));
}

/** Pure part: the new-data splits and the merged splits. */
export function mergeSplits(base: Record<SplitName, Pair[]>, sources: readonly SourceInput[]): { merged: Record<SplitName, Pair[]>; newData: Record<SplitName, Pair[]> } {
  const newData = buildCorpus(sources).splits;
  const key = (p: Pair) => `${p.en}\u0000${p.es}`;
  const baseTrain = new Set(base.train.map(key));
  const train = [...base.train, ...newData.train.filter((p) => !baseTrain.has(key(p)))].sort(comparePairs);
  const userDev = new Set(newData.dev.map((p) => p.en));
  const dev = [...newData.dev, ...base.dev.filter((p) => !userDev.has(p.en))];
  return { merged: { train, dev, test: base.test.slice() }, newData };
}

/** Reads the committed corpus and the files, writes both folders (atomically, file by file). */
export function mergeUserData(baseDir: string, files: readonly string[], mergedDir: string, newDataDir: string): MergedCorpus {
  const sources = userSources(files);
  const base = Object.fromEntries(SPLIT_NAMES.map((s) => [s, loadSplit(baseDir, s)])) as Record<SplitName, Pair[]>;
  const { merged, newData } = mergeSplits(base, sources);
  const write = (dir: string, splits: Record<SplitName, Pair[]>, extra: object) => {
    fs.mkdirSync(dir, { recursive: true });
    for (const s of SPLIT_NAMES) writeFileAtomic(path.join(dir, `${s}.jsonl.gz`), encodeJsonlGz(splits[s]));
    const counts = Object.fromEntries(SPLIT_NAMES.map((s) => [s, splits[s].length])) as Record<SplitName, number>;
    writeFileAtomic(path.join(dir, 'stats.json'), JSON.stringify({ splits: counts, ...extra }, null, 2) + '\n');
    return counts;
  };
  const fileCounts = Object.fromEntries(sources.map((s) => [s.pkg, s.pairs.length]));
  return {
    newData: write(newDataDir, newData, { files: fileCounts }),
    merged: write(mergedDir, merged, { base: baseDir, files: fileCounts }),
    files: fileCounts,
  };
}
