/**
 * The fused int8 graph (graph/fused-inference.ts on the Edge kernels of src/backend/) computes
 * the function of the reference inference graph and of the training graph, for every cell,
 * attention, depth and output-layer variant, on the wasm backend:
 *  - against the reference graph given the SAME int8 weights (dequantized), the only
 *    differences are the kernels' int16 activations, polynomial exp and summation order:
 *    encoder memory and attention within 2e-4, log-probabilities within 2e-3;
 *  - against the training graph on the original float32 weights the int8 weight error adds
 *    up: log-probabilities within 0.05 (what quantizing the file to int8 costs anyway).
 * The embedding tables are int8 per row, as an int8 weight file's (the tied output layer's
 * columns are their rows, used as int8 by the fused graph).
 * Also: the committed edge-kernels.wasm is the build of edge-kernels.wat, the switch back to
 * the reference graph works, and nothing leaks.
 */
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig, type ModelConfig } from '../../src/model/graph/config.ts';
import { MODEL_VARIANTS } from './model-variants.ts';
import { mulberry32, normal } from '../../src/model/graph/rng.ts';
import { decoderStep as referenceStep, embed, encode, initialValues, outputLogits, paramShapes, type Params, type RnnState } from '../../src/model/graph/seq2seq.ts';
import { disposeInference, inferenceTensors, prepareInference, type HostParams, type HostTables, type InferenceWeights } from '../../src/model/graph/seq2seq-inference.ts';
import { EmbeddingTable } from '../../src/model/graph/embedding-table.ts';
import { fusedKernelsAvailable, prepareFusedInference, type Int8Params } from '../../src/model/graph/fused-inference.ts';
import { quantizeInt8 } from '../../src/model/storage/quantize.ts';
import { Seq2SeqSearchModel } from '../../src/model/graph/seq2seq-search.ts';
import { BOS_ID } from '../../src/model/text/special-tokens.ts';
import { Shortlist } from '../../src/model/text/shortlist.ts';
import { installEdgeKernels, uninstallEdgeKernels } from '../../src/backend/edge-kernels.ts';
import { compileWat, KERNELS_WASM, KERNELS_WAT } from '../../tools/kernels/compile-wat.ts';
import { edgeKernelsModule, initBackend, kernelsFromEnv } from '../../src/backend/node-wasm.ts';
import { loadEngine } from '../../tools/load-engine.ts';

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  expect(a.length).toBe(b.length);
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
};

/**
 * Random parameters with non-zero biases, their int8 codes (per output channel, the weight
 * file's rule) and the dequantized values (what an int8 weight file decodes to: both graphs
 * get them, the fused one with the codes).
 */
function randomModel(c: ModelConfig, seed: number) {
  const rnd = mulberry32(seed), shapes = paramShapes(c);
  const host: HostParams = initialValues(c, seed);
  for (const [name, v] of Object.entries(host)) if (shapes[name].length === 1) for (let i = 0; i < v.length; i++) v[i] = 0.3 * normal(rnd);
  const int8: Int8Params = {}, dequantized: HostParams = {}, tables: HostTables = {};
  for (const [name, v] of Object.entries(host)) {
    const shape = shapes[name];
    if (shape.length !== 2) { dequantized[name] = v; continue; }
    if (name.includes('embedding')) { // per row, kept int8 on the host as an int8 file's tables are
      const q = quantizeInt8(v, shape, 0);
      dequantized[name] = Float32Array.from(q.q, (x, i) => Math.fround(x * q.scales[Math.floor(i / shape[1])]));
      tables[name === 'src_embedding' ? 'src' : 'tgt'] = EmbeddingTable.fromInt8(q.q, q.scales, shape[0], shape[1]);
      continue;
    }
    const q = quantizeInt8(v, shape, 1);
    int8[name] = q;
    dequantized[name] = Float32Array.from(q.q, (x, i) => Math.fround(x * q.scales[i % shape[1]]));
  }
  return { host, int8, dequantized, tables };
}

const tensors = (host: HostParams, c: ModelConfig): Params => {
  const shapes = paramShapes(c);
  return Object.fromEntries(Object.entries(host).map(([name, v]) => [name, tf.tensor(v, shapes[name])]));
};

const variants = MODEL_VARIANTS;

/** Encodes `src`, then runs 4 steps with rows re-selected as a beam would; returns every output. */
function run(w: InferenceWeights, src: number[], shortlist?: Shortlist) {
  const search = new Seq2SeqSearchModel(w, shortlist);
  const e = search.encode(src);
  const out: { memory: Float32Array; logp: Float32Array[]; attn: Float32Array[]; columns?: Int32Array } = { memory: e.enc.memory.dataSync() as Float32Array, logp: [], attn: [], columns: e.columns };
  const s0 = search.initialState(e);
  let state = search.selectRows(s0, Int32Array.of(0, 0));
  search.disposeState(s0);
  let prev = Int32Array.of(BOS_ID, BOS_ID);
  for (let t = 0; t < 4; t++) {
    const step = search.decodeStep(e, state, prev, { attention: true });
    out.logp.push(step.logProbs);
    out.attn.push(step.attention!);
    const selected = search.selectRows(step.state, Int32Array.of(1, 1));
    search.disposeState(step.state); search.disposeState(state);
    state = selected;
    prev = Int32Array.of(4 + t, 10 + t);
  }
  search.disposeState(state); search.disposeEncoded(e); search.dispose();
  return out;
}

describe('fused int8 graph', () => {
  beforeAll(async () => { await initBackend('wasm'); }, 60_000);

  it('ships edge-kernels.wasm as the build of edge-kernels.wat', async () => {
    const rebuilt = await compileWat(readFileSync(KERNELS_WAT, 'utf8'));
    expect(Buffer.from(readFileSync(KERNELS_WASM)).equals(Buffer.from(rebuilt))).toBe(true);
  });

  it('is registered on the wasm backend by initBackend', () => {
    expect(fusedKernelsAvailable()).toBe(true);
  });

  for (const v of variants) {
    it(`matches the reference and training graphs for ${v.cell}, ${v.attention}, ${v.encLayers} layer(s), ${v.tieOutput ? 'tied' : 'untied'} output`, () => {
      const c = resolveConfig({ srcVocabSize: 40, tgtVocabSize: 40, embDim: 16, encHidden: 12, decHidden: 24, attnDim: 10, outDim: 16, ...v, dropout: 0 });
      const { host, int8, dequantized, tables } = randomModel(c, 7);
      const src = [5, 9, 17, 3, 22, 31, 8];
      const fusedW = prepareFusedInference(dequantized, c, tables, int8);
      const refW = prepareInference(dequantized, c, tables);
      const fused = run(fusedW, src), ref = run(refW, src);
      expect(maxDiff(fused.memory, ref.memory)).toBeLessThan(2e-4);
      for (let t = 0; t < 4; t++) {
        expect(maxDiff(fused.attn[t], ref.attn[t])).toBeLessThan(2e-4);
        expect(maxDiff(fused.logp[t], ref.logp[t])).toBeLessThan(2e-3);
      }
      // The training graph on the float32 weights: first step, one row.
      const p = tensors(host, c);
      const S = src.length;
      const trainLogp = tf.tidy(() => {
        const enc = encode(p, c, tf.tensor2d(src, [1, S], 'int32'), tf.ones([1, S]) as tf.Tensor2D, undefined);
        const step = referenceStep(p, c, enc, enc.init as RnnState, embed(p['tgt_embedding'], tf.tensor1d([BOS_ID], 'int32')) as tf.Tensor2D);
        return tf.logSoftmax(outputLogits(p, c, step.readout));
      });
      expect(maxDiff(fused.logp[0].subarray(0, c.tgtVocabSize), trainLogp.dataSync())).toBeLessThan(0.05);
      trainLogp.dispose();
      tf.dispose(Object.values(p));
      expect(inferenceTensors(fusedW).every((x) => !x.isDisposed)).toBe(true);
      disposeInference(fusedW); disposeInference(refW);
    });
  }

  it('handles odd sizes (no dimension a multiple of 4 or 8) and a one-token source', () => {
    const c = resolveConfig({ srcVocabSize: 23, tgtVocabSize: 29, embDim: 7, encHidden: 5, decHidden: 9, attnDim: 3, outDim: 11, cell: 'lstm', attention: 'bahdanau', tieOutput: false, dropout: 0 });
    const { int8, dequantized, tables } = randomModel(c, 11);
    const fusedW = prepareFusedInference(dequantized, c, tables, int8), refW = prepareInference(dequantized, c, tables);
    for (const src of [[6], [4, 20, 7, 13, 9, 21, 5, 8, 17, 3, 12]]) {
      const fused = run(fusedW, src), ref = run(refW, src);
      expect(maxDiff(fused.memory, ref.memory)).toBeLessThan(2e-4);
      for (let t = 0; t < 4; t++) expect(maxDiff(fused.logp[t], ref.logp[t])).toBeLessThan(2e-3);
    }
    disposeInference(fusedW); disposeInference(refW);
  });

  it('scores a shortlist (always block and per-sentence extras in one EdgeLinear call) as the reference graph does', () => {
    const V = 60;
    const c = resolveConfig({ srcVocabSize: V, tgtVocabSize: V, embDim: 16, encHidden: 12, decHidden: 24, attnDim: 10, outDim: 16, cell: 'gru', attention: 'bahdanau', dropout: 0 });
    const { int8, dequantized, tables } = randomModel(c, 5);
    const list = Shortlist.fromLists(V, 'a'.repeat(64), [40, 41], Array.from({ length: V }, (_, s) => [42 + (s % 11), 50 + (s % 7)]));
    const fusedW = prepareFusedInference(dequantized, c, tables, int8), refW = prepareInference(dequantized, c, tables);
    const before = tf.memory().numTensors;
    for (const src of [[5, 9, 17, 3, 22], [36]]) {
      const fused = run(fusedW, src, list), ref = run(refW, src, list);
      expect(fused.columns).toEqual(ref.columns);
      expect(fused.columns!.length).toBeGreaterThan(list.always.length); // extras beyond the always block
      expect(fused.columns!.length).toBeLessThan(V);
      for (let t = 0; t < 4; t++) {
        expect(fused.logp[t].length).toBe(2 * fused.columns!.length);
        expect(maxDiff(fused.logp[t], ref.logp[t])).toBeLessThan(2e-3);
      }
    }
    expect(tf.memory().numTensors).toBe(before);
    disposeInference(fusedW); disposeInference(refW);
  });

  it('leaves no tensor behind after encode, steps and row selection', () => {
    const c = resolveConfig({ srcVocabSize: 30, tgtVocabSize: 30, embDim: 8, encHidden: 6, decHidden: 10, attnDim: 5, outDim: 8, dropout: 0 });
    const { dequantized, int8, tables } = randomModel(c, 3);
    const w = prepareFusedInference(dequantized, c, tables, int8);
    run(w, [4, 5, 6]); // builds the int8 full-vocabulary output layer, kept with the weights
    const before = tf.memory().numTensors;
    run(w, [4, 5, 6]);
    expect(tf.memory().numTensors).toBe(before);
    disposeInference(w);
  });

  it('gives the shipped model the reference graph when asked, and by default once the kernels are removed', async () => {
    const fused = await loadEngine('weights/en-es', 'model.bin', { graph: 'fused' });
    const ref = await loadEngine('weights/en-es', 'model.bin', { graph: 'reference' });
    expect(fused.weights.kind).toBe('fused');
    expect(ref.weights.kind).toBe('reference');
    const opts = { beam: 4, nbest: 1, alpha: 1, attention: false };
    expect(fused.translate(['Open the file'], opts)[0].translation).toBe(ref.translate(['Open the file'], opts)[0].translation);
    fused.dispose(); ref.dispose();
    uninstallEdgeKernels('wasm');
    try {
      expect(fusedKernelsAvailable()).toBe(false);
      const byDefault = await loadEngine('weights/en-es');
      expect(byDefault.weights.kind).toBe('reference');
      byDefault.dispose();
      await expect(loadEngine('weights/en-es', 'model.bin', { graph: 'fused' })).rejects.toThrow(/fused graph needs edge-mt's kernels/);
    } finally {
      installEdgeKernels(edgeKernelsModule(), 'wasm');
    }
    expect(fusedKernelsAvailable()).toBe(true);
  }, 60_000);

  it('reads the EDGE_MT_KERNELS switch', () => {
    expect(kernelsFromEnv(undefined)).toBe('fused');
    expect(kernelsFromEnv('fused')).toBe('fused');
    expect(kernelsFromEnv('reference')).toBe('reference');
    expect(() => kernelsFromEnv('off')).toThrow(/EDGE_MT_KERNELS must be "fused" or "reference", got "off"/);
  });
});
