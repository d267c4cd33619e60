/**
 * The default vocabulary recipe: both sides of the corpus train split, masked exactly as the
 * trainer sees them (`maskPair`: placeholders → sentinels), counted and learned with BPE.
 * Shared by the CLI and the reproducibility test, so both build the same bytes.
 */
import type { VocabJSON } from '../../src/model/text/vocab.ts';
import { countChunks } from './count-chunks.ts';
import { learnBpe } from './learn-bpe.ts';
import { readMaskedSplit } from './training-texts.ts';

export const DEFAULT_VOCAB_SIZE = 8000;
export const DEFAULT_COVERAGE = 0.99995;
export const DEFAULT_MIN_PAIR_COUNT = 2;

export interface CorpusLearnOptions {
  vocabSize?: number;
  coverage?: number;
  minPairCount?: number;
  /** Mask keyboard shortcuts too (default true; false rebuilds a vocabulary learnt before they were masked). */
  shortcuts?: boolean;
}

/** The provenance `masking` value of each scheme (read back by rebuildScheme). */
const MASKING_NAME = { withShortcuts: 'maskPair+shortcuts', withoutShortcuts: 'maskPair' } as const;

/** The masking a saved vocabulary was learnt with, from its provenance (files from before shortcuts say "maskPair"). */
export function learntWithShortcuts(vocab: { training?: Record<string, unknown> }): boolean {
  return vocab.training?.masking !== MASKING_NAME.withoutShortcuts;
}

export function learnFromCorpus(corpusDir: string, options: CorpusLearnOptions = {}): VocabJSON {
  const vocabSize = options.vocabSize ?? DEFAULT_VOCAB_SIZE;
  const coverage = options.coverage ?? DEFAULT_COVERAGE;
  const minPairCount = options.minPairCount ?? DEFAULT_MIN_PAIR_COUNT;
  const shortcuts = options.shortcuts ?? true;
  const { en, es } = readMaskedSplit(corpusDir, 'train', { shortcuts });
  const counts = countChunks([...en, ...es]);
  return learnBpe(counts, {
    vocabSize,
    coverage,
    minPairCount,
    provenance: { split: 'train', strings: en.length + es.length, sides: ['en', 'es'], masking: shortcuts ? MASKING_NAME.withShortcuts : MASKING_NAME.withoutShortcuts, coverage, minPairCount },
  });
}
