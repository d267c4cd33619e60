/**
 * The inference graph (seq2seq-inference.ts, what every translation runs) computes the
 * same function as the training graph (seq2seq.ts) for every cell, attention, depth and
 * output-layer variant, on the wasm backend: encoder memory, attention weights and
 * log-probabilities over several decoding steps, also with beam rows re-selected.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig, type ModelConfig } from '../../src/model/graph/config.ts';
import { MODEL_VARIANTS } from './model-variants.ts';
import { mulberry32, normal } from '../../src/model/graph/rng.ts';
import { decoderStep as referenceStep, embed, encode, initialValues, outputLogits, paramShapes, type Params, type RnnState } from '../../src/model/graph/seq2seq.ts';
import { disposeInference, inferenceTensors, logSoftmaxRows, prepareInference, type HostParams } from '../../src/model/graph/seq2seq-inference.ts';
import { Seq2SeqSearchModel } from '../../src/model/graph/seq2seq-search.ts';
import { BOS_ID } from '../../src/model/text/special-tokens.ts';
import { initBackend } from '../../src/backend/node-wasm.ts';

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  expect(a.length).toBe(b.length);
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
};

/**
 * Parameters with non-zero biases (zero-initialised ones would hide bias-folding mistakes),
 * on the host for prepareInference and as tensors for the training graph.
 */
function randomParams(c: ModelConfig, seed: number): { host: HostParams; p: Params } {
  const rnd = mulberry32(seed), shapes = paramShapes(c);
  const host = initialValues(c, seed);
  for (const [name, v] of Object.entries(host)) if (shapes[name].length === 1) for (let i = 0; i < v.length; i++) v[i] = 0.3 * normal(rnd);
  return { host, p: Object.fromEntries(Object.entries(host).map(([name, v]) => [name, tf.tensor(v, shapes[name])])) };
}

const variants = MODEL_VARIANTS;

describe('inference graph = training graph', () => {
  beforeAll(async () => { await initBackend('wasm'); }, 60_000);

  for (const v of variants) {
    it(`matches for ${v.cell}, ${v.attention}, ${v.encLayers} layer(s), ${v.tieOutput ? 'tied' : 'untied'} output`, () => {
      const c = resolveConfig({ srcVocabSize: 40, tgtVocabSize: 40, embDim: 16, encHidden: 12, decHidden: 24, attnDim: 10, outDim: 16, ...v, dropout: 0 });
      const { host, p } = randomParams(c, 7);
      const w = prepareInference(host, c);
      const search = new Seq2SeqSearchModel(w);
      const src = [5, 9, 17, 3, 22, 31, 8];
      const S = src.length;
      const e = search.encode(src);
      // Reference: the training graph on a batch of one, then two rows selected [0, 0].
      const ref = tf.tidy(() => encode(p, c, tf.tensor2d(src, [1, S], 'int32'), tf.ones([1, S]) as tf.Tensor2D, undefined) as unknown as tf.TensorContainer) as unknown as ReturnType<typeof encode>;
      expect(maxDiff(e.enc.memory.dataSync(), ref.memory.dataSync())).toBeLessThan(1e-5);
      let refState: RnnState = ref.init.map((t) => tf.tile(t, [2, 1]) as tf.Tensor2D);
      const s0 = search.initialState(e);
      let state = search.selectRows(s0, Int32Array.of(0, 0));
      search.disposeState(s0);
      const refEnc = { ...ref, memory: ref.memory, keys: ref.keys, maskBias: null };
      let prev = Int32Array.of(BOS_ID, BOS_ID);
      for (let t = 0; t < 4; t++) {
        const out = search.decodeStep(e, state, prev, { attention: true });
        const [logp, attn, next] = tf.tidy(() => {
          const step = referenceStep(p, c, refEnc, refState, embed(p['tgt_embedding'], tf.tensor1d(prev, 'int32')) as tf.Tensor2D);
          return [tf.logSoftmax(outputLogits(p, c, step.readout)), step.attention, step.state] as const;
        });
        expect(maxDiff(out.logProbs, logp.dataSync())).toBeLessThan(1e-4);
        expect(maxDiff(out.attention!, attn.dataSync())).toBeLessThan(1e-5);
        // Re-select rows as a beam would (row 1 twice), feed different tokens per row.
        const rows = Int32Array.of(1, 1);
        const selected = search.selectRows(out.state, rows);
        search.disposeState(out.state); search.disposeState(state);
        state = selected;
        const refNext = next.map((s) => tf.gather(s, Array.from(rows)) as tf.Tensor2D);
        tf.dispose([logp, attn, ...next, ...refState]);
        refState = refNext;
        prev = Int32Array.of(4 + t, 10 + t);
      }
      search.disposeState(state); search.disposeEncoded(e);
      tf.dispose([...refState, ref.memory, ref.keys, ref.maskBias!, ...ref.init]);
      expect(inferenceTensors(w).every((x) => !x.isDisposed)).toBe(true);
      disposeInference(w);
      tf.dispose(Object.values(p));
    });
  }

  /** A tiny GRU model's parameters, inference weights and search model. */
  const tiny = () => {
    const c = resolveConfig({ srcVocabSize: 30, tgtVocabSize: 30, embDim: 8, encHidden: 6, decHidden: 10, attnDim: 5, outDim: 8, dropout: 0 });
    const { host, p } = randomParams(c, 3);
    const w = prepareInference(host, c);
    return { p, w, search: new Seq2SeqSearchModel(w) };
  };

  it('leaves no tensor behind after encode, steps and row selection', () => {
    const { p, w, search } = tiny();
    w.output.full(); // the full-vocabulary layer is uploaded once and kept with the weights
    const before = tf.memory().numTensors;
    const e = search.encode([4, 5, 6]);
    const s0 = search.initialState(e);
    const out = search.decodeStep(e, s0, Int32Array.of(BOS_ID), { attention: true });
    const sel = search.selectRows(out.state, Int32Array.of(0, 0, 0));
    for (const s of [s0, out.state, sel]) search.disposeState(s);
    search.disposeEncoded(e);
    expect(tf.memory().numTensors).toBe(before);
    disposeInference(w);
    tf.dispose(Object.values(p));
  });

  it('rejects token ids outside the vocabulary with a clear error', () => {
    const { p, w, search } = tiny();
    expect(() => search.encode([4, 30])).toThrow(/token id 30 is outside the vocabulary of 30/);
    disposeInference(w);
    tf.dispose(Object.values(p));
  });
});

describe('logSoftmaxRows', () => {
  it('normalises each strided row and matches tf.logSoftmax', async () => {
    await initBackend('wasm');
    const rnd = mulberry32(5);
    const rows = 3, width = 7, stride = 10;
    const src = Float32Array.from({ length: rows * stride }, () => 20 * normal(rnd));
    const dst = new Float32Array(rows * width);
    logSoftmaxRows(src, rows, width, stride, dst);
    const dense = Float32Array.from({ length: rows * width }, (_, i) => src[Math.floor(i / width) * stride + (i % width)]);
    const ref = tf.tidy(() => tf.logSoftmax(tf.tensor2d(dense, [rows, width])).dataSync());
    expect(maxDiff(dst, ref)).toBeLessThan(1e-5);
    for (let r = 0; r < rows; r++) {
      const sum = Array.from(dst.subarray(r * width, (r + 1) * width)).reduce((s, x) => s + Math.exp(x), 0);
      expect(Math.abs(sum - 1)).toBeLessThan(1e-6);
    }
  });
});
