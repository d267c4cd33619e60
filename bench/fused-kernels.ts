/**
 * Before/after of the fused int8 kernels (src/backend/edge-kernels.ts), back to back in one
 * process (Node, wasm SIMD, 1 thread): the same model loaded twice, as the reference float32
 * graph ("before") and the fused int8 graph ("after"), both with the shipped shortlist, timed
 * in alternating rounds (measureInterleaved) so that a change in machine load hits both alike:
 *  - encoder CPU ms per source subword (the 10-word sentences of the bench set);
 *  - decoder step CPU ms at beam 1 and beam 4 (one row / four rows);
 *  - whole translations, greedy and beam 4, CPU ms per 10-word sentence (tokenizer, search and
 *    detokenisation included);
 *  - device memory of each graph's weights (tensor bytes).
 * Isolate memory before/after is bench/engine-memory.ts run with EDGE_MT_KERNELS=reference
 * and without (npm run bench runs both).
 *
 *   npx tsx bench/fused-kernels.ts [--sentences 12]
 */
import * as tf from '@tensorflow/tfjs';
import { parseArgs } from 'node:util';
import type { TranslationEngine } from '../src/model/engine.ts';
import { DEFAULT_ALPHA } from '../src/model/search/length-penalty.ts';
import { mask } from '../src/model/text/placeholders.ts';
import { inferenceTensors } from '../src/model/graph/seq2seq-inference.ts';
import { Seq2SeqSearchModel } from '../src/model/graph/seq2seq-search.ts';
import { BOS_ID } from '../src/model/text/special-tokens.ts';
import { loadEngine } from '../tools/load-engine.ts';
import { initBackend } from '../src/backend/node-wasm.ts';
import { benchSentences } from './lib/bench-sentences.ts';
import { measureInterleaved, type Timing } from './lib/measure.ts';
import { describeContext, runContext } from './lib/run-context.ts';
import { writeResult } from './lib/write-result.ts';

const r2 = (x: number) => Math.round(x * 100) / 100;
const ratio = (before: Timing, after: Timing) => r2(before.cpuMs / after.cpuMs);

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { sentences: { type: 'string', default: '12' } } });
  const n = Number(values.sentences);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--sentences must be a positive integer, got ${values.sentences}`);
  const ctx = runContext();
  console.log(`fused kernels, before/after (Node, wasm): ${describeContext(ctx)}`);
  const backend = await initBackend('wasm');
  if (!backend.includes('fused')) throw new Error('the fused kernels are not registered (EDGE_MT_KERNELS=reference?)');
  const engines: Record<'before' | 'after', TranslationEngine> = {
    before: await loadEngine('weights/en-es', 'model.bin', { graph: 'reference' }),
    after: await loadEngine('weights/en-es', 'model.bin', { graph: 'fused' }),
  };
  const list = engines.before.shortlist!;
  const texts = benchSentences('training/data/en-es', 200).filter((s) => s.bucket === 10).slice(0, n).map((s) => s.text);
  const srcs = texts.map((t) => engines.before.vocab.encode(mask(t).masked));
  const subwords = srcs.reduce((a, s) => a + s.length, 0);
  const models = { before: new Seq2SeqSearchModel(engines.before.weights, list), after: new Seq2SeqSearchModel(engines.after.weights, list) };

  // Encoder: every 10-word sentence once per call.
  const enc = measureInterleaved({
    before: () => { for (const s of srcs) models.before.disposeEncoded(models.before.encode(s)); },
    after: () => { for (const s of srcs) models.after.disposeEncoded(models.after.encode(s)); },
  }, { rounds: 9, perRound: 3, warmup: 3 });
  const encoder = Object.fromEntries((['before', 'after'] as const).map((k) => [k, { ...enc[k], msPerSubword: r2(enc[k].cpuMs / subwords) }]));
  console.log(`encoder: ${encoder.before.msPerSubword} → ${encoder.after.msPerSubword} ms CPU per source subword (${subwords} subwords in ${n} sentences; ${ratio(enc.before, enc.after)}×)`);

  // Decoder steps on the first sentence, 1 and 4 rows.
  const steps: Record<string, { before: Timing; after: Timing; speedup: number }> = {};
  for (const R of [1, 4]) {
    const live = (['before', 'after'] as const).map((k) => {
      const m = models[k], e = m.encode(srcs[0]);
      const s1 = m.initialState(e);
      let state = m.selectRows(s1, new Int32Array(R));
      m.disposeState(s1);
      const prev = new Int32Array(R).fill(BOS_ID);
      return { k, step: () => { const out = m.decodeStep(e, state, prev); m.disposeState(state); state = out.state; }, close: () => { m.disposeState(state); m.disposeEncoded(e); } };
    });
    const t = measureInterleaved(Object.fromEntries(live.map((l) => [l.k, l.step])), { rounds: 15, perRound: 10, warmup: 50 });
    live.forEach((l) => l.close());
    steps[`beam${R}`] = { before: t.before, after: t.after, speedup: ratio(t.before, t.after) };
    console.log(`decoder step, ${R} row(s): ${t.before.cpuMs} → ${t.after.cpuMs} ms CPU (${steps[`beam${R}`].speedup}×)`);
  }

  // Whole translations.
  const translations: Record<string, { before: Timing; after: Timing; msPerSentence: { before: number; after: number }; speedup: number }> = {};
  for (const beam of [1, 4]) {
    const opts = { beam, nbest: 1, alpha: DEFAULT_ALPHA, attention: false };
    const t = measureInterleaved({ before: () => engines.before.translate(texts, opts), after: () => engines.after.translate(texts, opts) }, { rounds: 7, perRound: 1, warmup: 1 });
    translations[`beam${beam}`] = { before: t.before, after: t.after, msPerSentence: { before: r2(t.before.cpuMs / n), after: r2(t.after.cpuMs / n) }, speedup: ratio(t.before, t.after) };
    console.log(`translate, beam ${beam}: ${r2(t.before.cpuMs / n)} → ${r2(t.after.cpuMs / n)} ms CPU per 10-word sentence (${ratio(t.before, t.after)}×)`);
  }
  const same = texts.filter((x) => engines.before.translate([x], { beam: 4, nbest: 1, alpha: DEFAULT_ALPHA, attention: false })[0].translation === engines.after.translate([x], { beam: 4, nbest: 1, alpha: DEFAULT_ALPHA, attention: false })[0].translation).length;
  console.log(`identical beam-4 translations: ${same}/${n}`);

  const weightBytes = Object.fromEntries((['before', 'after'] as const).map((k) => [k, inferenceTensors(engines[k].weights).reduce((a, t) => a + t.size * 4, 0)]));
  console.log(`weights on the device: ${r2(weightBytes.before / 1e6)} → ${r2(weightBytes.after / 1e6)} MB (embedding tables stay on the host, int8, in both)`);
  const file = writeResult('fused-kernels', {
    benchmark: 'fused-kernels', machine: ctx, backend, sentences: n, sourceSubwords: subwords,
    encoder: { ...encoder, speedup: ratio(enc.before, enc.after) }, steps, translations, identicalBeam4: same, weightBytes,
  });
  console.log(`wrote ${file}`);
  tf.disposeVariables();
}

main().catch((e: unknown) => {
  if (process.env.DEBUG) console.error(e);
  process.stderr.write(`fused-kernels: ${(e as Error).message.split('\n')[0]}\n`);
  process.exitCode = 1;
});
