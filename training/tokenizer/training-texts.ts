/**
 * Reads a corpus split (`<dir>/<split>.jsonl.gz`, or its shards `<dir>/<split>-NN.jsonl.gz`;
 * rows {en, es, pkg}) with clear errors, and
 * masks its pairs the way the trainer does (`maskPair`: placeholders → sentinels).
 */
import fs from 'node:fs';
import { decodeJsonlGz } from '../corpus/jsonl-gz.ts';
import { splitFiles } from '../corpus/load.ts';
import type { Pair } from '../corpus/pair.ts';
import { maskPair, type MaskScheme } from '../../src/model/text/placeholders.ts';

/** Loads the pairs of one split; throws one clear Error when the file is missing or malformed. */
export function readSplit(corpusDir: string, split: string): Pair[] {
  return splitFiles(corpusDir, split).flatMap((file) => {
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
  });
}

/** Masked English sources and Spanish targets of a split, as the model sees them. */
export function readMaskedSplit(corpusDir: string, split: string, scheme: MaskScheme = {}): { en: string[]; es: string[] } {
  const en: string[] = [];
  const es: string[] = [];
  for (const pair of readSplit(corpusDir, split)) {
    const { source, target } = maskPair(pair.en, pair.es, scheme);
    en.push(source);
    es.push(target);
  }
  return { en, es };
}
