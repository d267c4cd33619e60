/**
 * CLI: learns the joint English+Spanish BPE vocabulary from the train split of a corpus
 * (both sides, placeholder-masked) and writes it as versioned JSON (atomically), then
 * reports its figures on the masked dev and test splits (what the model sees).
 *
 *   npx tsx training/tokenizer.ts --corpus training/data/en-es [--vocab-size 8000]
 *       [--out training/data/en-es/bpe-8000.json] [--coverage 0.99995] [--min-pair-count 2]
 *
 * Bad input: one line on stderr, exit status 2.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Vocab } from '../src/model/text/vocab.ts';
import { writeFileAtomic } from './corpus/jsonl-gz.ts';
import { formatVocabJSON } from './tokenizer/format-vocab-json.ts';
import {
  DEFAULT_COVERAGE,
  DEFAULT_MIN_PAIR_COUNT,
  DEFAULT_VOCAB_SIZE,
  learnFromCorpus,
} from './tokenizer/learn-from-corpus.ts';
import { tokenizerStats } from './tokenizer/tokenizer-stats.ts';
import { readMaskedSplit } from './tokenizer/training-texts.ts';
import { printHelpIfAsked } from '../tools/cli.ts';

class UsageError extends Error {}

function numberOption(name: string, raw: string | undefined, fallback: number, valid: (n: number) => boolean): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || !valid(n)) throw new UsageError(`--${name}: invalid value ${JSON.stringify(raw)}`);
  return n;
}

const USAGE = `Usage: npm run tokenizer -- --corpus DIR [--vocab-size 8000] [--out FILE] [--coverage 0.99995] [--min-pair-count 2]
Learns the joint English+Spanish BPE vocabulary from the train split of DIR (both sides,
placeholder-masked), writes it as JSON and reports its figures on dev and test.
  --corpus DIR          folder with train/dev/test.jsonl.gz (required)
  --vocab-size N        vocabulary size, reserved ids included (default 8000)
  --out FILE            output file (default DIR/bpe-N.json)
  --coverage C          character coverage of the base alphabet (default 0.99995)
  --min-pair-count N    stop merging below this pair count (default 2)`;

function main(): void {
  if (printHelpIfAsked(USAGE)) return;
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
  const vocabSize = numberOption('vocab-size', values['vocab-size'], DEFAULT_VOCAB_SIZE, (n) => Number.isInteger(n) && n > 0);
  const coverage = numberOption('coverage', values.coverage, DEFAULT_COVERAGE, (n) => n > 0 && n <= 1);
  const minPairCount = numberOption('min-pair-count', values['min-pair-count'], DEFAULT_MIN_PAIR_COUNT, (n) => Number.isInteger(n) && n >= 1);
  const out = values.out ?? path.join(corpus, `bpe-${vocabSize}.json`);

  const started = performance.now();
  const json = learnFromCorpus(corpus, { vocabSize, coverage, minPairCount });
  const seconds = (performance.now() - started) / 1000;
  const vocab = Vocab.fromJSON(json);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  writeFileAtomic(out, formatVocabJSON(json));

  console.log(
    `wrote ${out}: ${vocab.size} pieces, ${json.merges.length} merges, ${vocab.alphabet.length} characters, ` +
      `learned from ${json.training?.strings} masked strings in ${seconds.toFixed(1)} s`,
  );
  if (vocab.size < vocabSize) console.log(`note: only ${vocab.size} of ${vocabSize} pieces (no pair left with count >= ${minPairCount})`);
  for (const split of ['dev', 'test']) {
    if (!fs.existsSync(path.join(corpus, `${split}.jsonl.gz`))) continue;
    const masked = readMaskedSplit(corpus, split);
    for (const side of ['en', 'es'] as const) {
      const st = tokenizerStats(vocab, masked[side]);
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
