/**
 * Reads a corpus split (`<dir>/<split>.jsonl.gz`, rows {en, es, pkg}) and yields the strings
 * the tokenizer learns from or is measured on: both sides of every pair.
 */
import fs from 'node:fs';
import path from 'node:path';
import { decodeJsonlGz } from '../corpus/jsonl-gz.ts';
import type { Pair } from '../corpus/pair.ts';

/** Loads the pairs of one split; throws one clear Error when the file is missing or malformed. */
export function readSplit(corpusDir: string, split: string): Pair[] {
  const file = path.join(corpusDir, `${split}.jsonl.gz`);
  if (!fs.existsSync(file)) throw new Error(`corpus split not found: ${file}`);
  let rows: Pair[];
  try {
    rows = decodeJsonlGz<Pair>(fs.readFileSync(file));
  } catch (err) {
    throw new Error(`${file}: not gzipped JSON Lines (${(err as Error).message})`);
  }
  rows.forEach((row, i) => {
    if (typeof row?.en !== 'string' || typeof row?.es !== 'string') {
      throw new Error(`${file}: line ${i + 1} lacks string fields "en" and "es"`);
    }
  });
  return rows;
}

/** Both sides of every pair, English then Spanish, each passed through `prepare`. */
export function* bothSides(pairs: readonly Pair[], prepare: (s: string) => string = (s) => s): Generator<string> {
  for (const pair of pairs) {
    yield prepare(pair.en);
    yield prepare(pair.es);
  }
}
