/**
 * Loader of the built corpus for the trainer and evaluators:
 * `loadSplit('training/data/en-es', 'train')` → [{ en, es, pkg }, …] in file order. A split stored
 * in shards (`train-00.jsonl.gz`, `train-01.jsonl.gz`, … as in training/data/en-es-archive) is
 * read shard after shard; `loadSplit(dir, 'test-broad')` reads the archive's broad test split.
 * Also reads the out-of-domain set with `loadJsonlGz(dir + '/ood-gnome-user-docs.jsonl.gz')`.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Pair } from './pair.ts';
import type { SplitName } from './split.ts';
import { decodeJsonlGz } from './jsonl-gz.ts';

export type { Pair } from './pair.ts';
export type { SplitName } from './split.ts';

export function loadJsonlGz(file: string): Pair[] {
  return decodeJsonlGz<Pair>(fs.readFileSync(file));
}

/**
 * The files of one split: `<dir>/<split>.jsonl.gz`, or when that is absent its shards
 * `<dir>/<split>-NN.jsonl.gz` in name order (the whole file's path when neither exists, so
 * the caller's "not found" names it).
 */
export function splitFiles(dir: string, split: string): string[] {
  const whole = path.join(dir, `${split}.jsonl.gz`);
  if (fs.existsSync(whole) || !fs.existsSync(dir)) return [whole];
  const shard = new RegExp(`^${split}-\\d+\\.jsonl\\.gz$`);
  const shards = fs.readdirSync(dir).filter((f) => shard.test(f)).sort();
  return shards.length > 0 ? shards.map((f) => path.join(dir, f)) : [whole];
}

export function loadSplit(dir: string, split: SplitName | 'test-broad'): Pair[] {
  return splitFiles(dir, split).flatMap(loadJsonlGz);
}

/** A translation direction of the corpus: its pairs are stored as English → Spanish. */
export type Direction = 'en-es' | 'es-en';

/**
 * The pairs oriented source → target for `direction`. For `es-en` the two sides are swapped,
 * so `en` then holds the (Spanish) source and `es` the (English) target; the split itself is
 * unchanged, which keeps every direction's test and dev sources disjoint from its training data.
 */
export function orient(pairs: readonly Pair[], direction: Direction = 'en-es'): Pair[] {
  return direction === 'en-es' ? pairs.slice() : pairs.map((p) => ({ ...p, en: p.es, es: p.en }));
}
