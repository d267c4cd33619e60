/**
 * The fixed benchmark sentences: the first sentences of the test split (file order,
 * no repeats) with about 5, 10 and 20 words — 4–6, 9–11 and 17–24 whitespace-separated
 * words (software strings are short: the split has only ~80 of 17–24) — 67 + 67 + 66 = 200 by default.
 */
import { loadSplit } from '../../training/corpus/load.ts';

export type Bucket = 5 | 10 | 20;

export interface BenchSentence {
  text: string;
  words: number;
  bucket: Bucket;
}

const RANGES: Record<Bucket, [number, number]> = { 5: [4, 6], 10: [9, 11], 20: [17, 24] };

export const countWords = (text: string): number => text.trim().split(/\s+/).filter(Boolean).length;

/** `total` sentences split evenly over the three buckets (the first buckets get the remainder). */
export function benchSentences(corpusDir = 'training/data/en-es', total = 200): BenchSentence[] {
  const buckets = [5, 10, 20] as const;
  const want = buckets.map((_, i) => Math.floor(total / 3) + (i < total % 3 ? 1 : 0));
  const picked: BenchSentence[][] = buckets.map(() => []);
  const seen = new Set<string>();
  for (const { en } of loadSplit(corpusDir, 'test')) {
    if (seen.has(en)) continue;
    const words = countWords(en);
    buckets.forEach((bucket, i) => {
      const [lo, hi] = RANGES[bucket];
      if (words >= lo && words <= hi && picked[i].length < want[i]) {
        picked[i].push({ text: en, words, bucket });
        seen.add(en);
      }
    });
    if (picked.every((p, i) => p.length === want[i])) break;
  }
  buckets.forEach((b, i) => {
    if (picked[i].length < want[i]) throw new Error(`the test split has only ${picked[i].length} sentences of about ${b} words (need ${want[i]})`);
  });
  return picked.flat();
}
