/**
 * The request mix of the load test: English sentences of the held-out test split
 * (training/data/en-es/test.jsonl.gz), bucketed by length and interleaved
 * short/medium/long so every stretch of the run sees all lengths. Deterministic.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

export const TEST_SPLIT = 'training/data/en-es/test.jsonl.gz';

export interface SentenceMix {
  /** Sentences in request order (cycled by the load driver). */
  sentences: string[];
  /** Bucket sizes and character ranges, for the report. */
  buckets: Array<{ name: string; minChars: number; maxChars: number; count: number }>;
}

const BUCKETS = [
  { name: 'short', minChars: 1, maxChars: 24 },
  { name: 'medium', minChars: 25, maxChars: 79 },
  { name: 'long', minChars: 80, maxChars: 1000 },
];

export interface Pair {
  en: string;
  es: string;
}

/** Every pair of the test split (repo-relative `file`) with non-blank sides. */
export function testPairs(repoRoot: string, file = TEST_SPLIT): Pair[] {
  const lines = zlib.gunzipSync(fs.readFileSync(path.join(repoRoot, file))).toString('utf8').split('\n');
  return lines
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Pair)
    .filter((p) => p.en.trim() !== '' && p.es.trim() !== '');
}

/** Interleaves the length buckets: short, medium, long, short, ... until every bucket is used up. */
export function sentenceMix(all: string[]): SentenceMix {
  const groups = BUCKETS.map((b) => ({ ...b, items: all.filter((s) => [...s].length >= b.minChars && [...s].length <= b.maxChars) }));
  const sentences: string[] = [];
  const longest = Math.max(...groups.map((g) => g.items.length));
  for (let i = 0; i < longest; i++) for (const g of groups) if (g.items.length > 0) sentences.push(g.items[i % g.items.length]!);
  return { sentences, buckets: groups.map(({ items, ...b }) => ({ ...b, count: items.length })) };
}
