/**
 * CLI: learns the joint English+Spanish BPE vocabulary from the train split of a corpus
 * and writes it as versioned JSON (atomically), then reports its figures on dev and test.
 *
 *   npx tsx training/tokenizer.ts --corpus training/data/en-es [--vocab-size 8000]
 *       [--out training/data/en-es/bpe-8000.json] [--coverage 0.9999] [--min-pair-count 2]
 *
 * Bad input: one line on stderr, exit status 2.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Vocab } from '../src/model/vocab.ts';
import { writeFileAtomic } from './corpus/jsonl-gz.ts';
import { countChunks } from './tokenizer/count-chunks.ts';
import { formatVocabJSON } from './tokenizer/format-vocab-json.ts';
import { learnBpe } from './tokenizer/learn-bpe.ts';
import { tokenizerStats } from './tokenizer/tokenizer-stats.ts';
import { bothSides, readSplit } from './tokenizer/training-texts.ts';

const DEFAULT_COVERAGE = 0.9999;

class UsageError extends Error {}

function numberOption(name: string, raw: string | undefined, fallback: number, valid: (n: number) => boolean): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || !valid(n)) throw new UsageError(`--${name}: invalid value ${JSON.stringify(raw)}`);
  return n;
}

function main(): void {
  const { values } = parseArgs({
    options: {
      corpus: { type: 'string' },
      'vocab-size': { type: 'string' },
      out: { type: 'string' },
      coverage: { type: 'string' },
      'min-pair-count': { type: 'string' },
    },
    strict: true,
  });
  if (!values.corpus) throw new UsageError('--corpus <dir> is required (a folder with train/dev/test.jsonl.gz)');
  const corpus = values.corpus;
  if (!fs.existsSync(corpus) || !fs.statSync(corpus).isDirectory()) throw new UsageError(`--corpus: not a folder: ${corpus}`);
  const vocabSize = numberOption('vocab-size', values['vocab-size'], 8000, (n) => Number.isInteger(n) && n > 0);
  const coverage = numberOption('coverage', values.coverage, DEFAULT_COVERAGE, (n) => n > 0 && n <= 1);
  const minPairCount = numberOption('min-pair-count', values['min-pair-count'], 2, (n) => Number.isInteger(n) && n >= 1);
  const out = values.out ?? path.join(corpus, `bpe-${vocabSize}.json`);

  const started = performance.now();
  const train = readSplit(corpus, 'train');
  const chunkCounts = countChunks(bothSides(train));
  const json = learnBpe(chunkCounts, {
    vocabSize,
    coverage,
    minPairCount,
    provenance: { split: 'train', pairs: train.length, sides: ['en', 'es'], coverage, minPairCount },
  });
  const seconds = (performance.now() - started) / 1000;
  const vocab = Vocab.fromJSON(json);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  writeFileAtomic(out, formatVocabJSON(json));

  console.log(
    `wrote ${out}: ${vocab.size} pieces, ${json.merges.length} merges, ${vocab.alphabet.length} characters, ` +
      `learned from ${train.length} pairs in ${seconds.toFixed(1)} s`,
  );
  if (vocab.size < vocabSize) console.log(`note: only ${vocab.size} of ${vocabSize} pieces (no pair left with count >= ${minPairCount})`);
  for (const split of ['dev', 'test']) {
    if (!fs.existsSync(path.join(corpus, `${split}.jsonl.gz`))) continue;
    const pairs = readSplit(corpus, split);
    for (const side of ['en', 'es'] as const) {
      const st = tokenizerStats(vocab, pairs.map((p) => p[side]));
      console.log(
        `${split}/${side}: ${st.sentences} sentences, ${st.tokensPerSentence.toFixed(2)} tokens/sentence, ` +
          `unk ${(100 * st.unkRate).toFixed(4)}% of tokens (${st.unkTokens}), ` +
          `unknown chars ${(100 * st.unknownCharRate).toFixed(4)}%, round-trip failures ${st.roundTripFailures}`,
      );
    }
  }
}

try {
  main();
} catch (err) {
  process.stderr.write(`tokenizer: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(2);
}
