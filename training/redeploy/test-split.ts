/**
 * The gate's evaluation set: the test split of the run's corpus, optionally its first N
 * sentences (--eval-limit), with its identity hash (see test-set-hash.ts).
 */
import { loadSplit } from '../corpus/load.ts';
import { testSetHash } from './test-set-hash.ts';

export interface TestSet { srcs: string[]; refs: string[]; sha256: string }

export function loadTestSet(corpusDir: string, limit?: number): TestSet {
  const pairs = loadSplit(corpusDir, 'test').slice(0, limit);
  const srcs = pairs.map((p) => p.en);
  const refs = pairs.map((p) => p.es);
  return { srcs, refs, sha256: testSetHash(srcs, refs) };
}
