/**
 * The shared inference engine with the shipped weights on the real wasm backend (Node):
 * single-sentence search (fused int8 graph by default, and the reference graph) agrees with
 * the batched, padded decoder used in training,
 * beam 1 equals greedy, placeholders come back verbatim, and nothing leaks.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TranslationEngine } from '../../src/model/engine.ts';
import { Seq2SeqSearchModel } from '../../src/model/graph/seq2seq-search.ts';
import { decoderStep, embed, encode, outputLogits } from '../../src/model/graph/seq2seq.ts';
import { BOS_ID } from '../../src/model/text/special-tokens.ts';
import { hostBatch } from '../../training/lib/batches.ts';
import { loadEngine } from '../../tools/load-engine.ts';
import { loadParams } from '../../training/lib/load-params.ts';
import { initBackend } from '../../src/backend/node-wasm.ts';

let engine: TranslationEngine;
beforeAll(async () => {
  await initBackend('wasm');
  engine = await loadEngine('weights/en-es');
}, 60_000);

const opts = { beam: 1, nbest: 1, alpha: 0.6, attention: false };

describe('TranslationEngine (shipped weights, wasm)', () => {
  // The engine runs the fused int8 graph by default (edge-mt's kernels are registered by
  // initBackend): within 2e-3 of the training graph on the same (dequantized int8) weights,
  // from its int16 activations; the reference float32 graph within 1e-4.
  it('gives the same first-step log-probs as the training graph on a padded batch, with either graph', async () => {
    expect(engine.weights.kind).toBe('fused');
    const reference = await loadEngine('weights/en-es', 'model.bin', { graph: 'reference' });
    const srcs = ['Open the file', 'Could not connect to the server because the network is down.', 'Quit'].map((s) => engine.vocab.encode(s));
    const h = hostBatch(srcs.map((src) => ({ src, tgt: [] })), [0, 1, 2]);
    const { params, config } = await loadParams('weights/en-es');
    const batched = tf.tidy(() => {
      const enc = encode(params, config, tf.tensor2d(h.src, [h.B, h.S], 'int32'), tf.tensor2d(h.srcMask, [h.B, h.S]), undefined);
      const step = decoderStep(params, config, enc, enc.init, embed(params['tgt_embedding'], tf.fill([h.B], BOS_ID, 'int32')) as tf.Tensor2D);
      return tf.logSoftmax(outputLogits(params, config, step.readout));
    });
    tf.dispose(Object.values(params));
    const rows = batched.arraySync() as number[][];
    batched.dispose();
    for (const [e2, tolerance] of [[engine, 2e-3], [reference, 1e-4]] as const) {
      const search = new Seq2SeqSearchModel(e2.weights);
      srcs.forEach((src, i) => {
        const e = search.encode(src);
        const s0 = search.initialState(e);
        const out = search.decodeStep(e, s0, Int32Array.of(BOS_ID));
        let maxDiff = 0;
        out.logProbs.forEach((v, j) => { maxDiff = Math.max(maxDiff, Math.abs(v - rows[i][j])); });
        expect(maxDiff).toBeLessThan(tolerance);
        search.disposeState(s0); search.disposeState(out.state); search.disposeEncoded(e);
      });
    }
    reference.dispose();
  }, 30_000);

  it('returns the greedy translation for beam 1 and n-best lists sorted by normalised score', () => {
    const [greedy] = engine.translate(['Delete the selected items?'], opts);
    const [beam] = engine.translate(['Delete the selected items?'], { ...opts, beam: 4, nbest: 4 });
    expect(greedy.nbest).toHaveLength(1);
    expect(beam.nbest.length).toBeGreaterThan(1);
    const scores = beam.nbest.map((h) => h.normScore);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(beam.nbest[0].normScore).toBeGreaterThanOrEqual(greedy.nbest[0].normScore - 1e-6);
  });

  it('restores placeholders verbatim and never invents ones the source lacks', () => {
    const [r] = engine.translate(['Save %s to <b>{0}</b>'], { ...opts, beam: 4 });
    for (const ph of ['%s', '<b>', '{0}', '</b>']) expect(r.translation.split(ph).length - 1).toBeLessThanOrEqual(1);
    expect(r.translation).not.toMatch(/[\uE000-\uE01F]/);
  });

  it('returns one attention row per target token, each a distribution over source tokens', () => {
    const [r] = engine.translate(['Show hidden files'], { ...opts, beam: 3, attention: true });
    const a = r.attention!;
    expect(a.weights).toHaveLength(a.targetTokens.length);
    for (const row of a.weights) {
      expect(row).toHaveLength(a.sourceTokens.length);
      expect(row.reduce((x, y) => x + y, 0)).toBeCloseTo(1, 3);
    }
  });

  it('translates empty input to empty output and leaks no tensors', () => {
    const before = tf.memory().numTensors;
    expect(engine.translate(['', '   '], opts).map((r) => r.translation)).toEqual(['', '']);
    engine.translate(['Print the page', 'Close'], { ...opts, beam: 5, nbest: 3, attention: true });
    expect(tf.memory().numTensors).toBe(before);
  });
});
