/**
 * Gradient checks of the model on the wasm backend (the training path, with the fast-kernel
 * patch) against references:
 *   - the fused label-smoothed loss against an unfused logSoftmax + one-hot formula;
 *   - the scatterND embedding gradient against the cpu backend's own tf.gather gradient;
 *   - the whole model's gradient against the unpatched cpu backend, for GRU and LSTM with
 *     Bahdanau, Luong-general and Luong-dot attention (and a tied output layer);
 *   - a central finite difference along the gradient direction.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig, type AttentionType, type CellType, type ModelConfig } from '../../src/model/graph/config.ts';
import { mulberry32, normal } from '../../src/model/graph/rng.ts';
import { embed, initialValues, maskedLoss, paramShapes, unrolledLogits, type Params } from '../../src/model/graph/seq2seq.ts';
import { disposeBatch, hostBatch, toTensors, type EncodedPair } from '../../training/lib/batches.ts';
import { initBackend } from '../../src/backend/node-wasm.ts';

const rnd = mulberry32(11);
const randn = (n: number, scale = 1) => Float32Array.from({ length: n }, () => normal(rnd) * scale);
const maxAbs = (a: ArrayLike<number>) => Array.from(a).reduce((m, x) => Math.max(m, Math.abs(x)), 0);
/** Reads tensors and frees them (a typed array returned from tf.tidy would be walked element by element). */
const take = (ts: tf.Tensor[]) => ts.map((t) => { const d = t.dataSync() as Float32Array; t.dispose(); return d; });
const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  expect(a.length).toBe(b.length);
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
};

/** Unfused reference: mean over unmasked rows of −Σ_v q_v · logSoftmax(z)_v. */
function referenceLoss(z: tf.Tensor2D, ids: tf.Tensor1D, mask: tf.Tensor1D, eps: number): tf.Scalar {
  const V = z.shape[1];
  const q = tf.add(tf.mul(tf.cast(tf.oneHot(ids, V), 'float32'), 1 - eps), eps / V);
  const nll = tf.neg(tf.sum(tf.mul(q, tf.logSoftmax(z)), 1));
  return tf.div(tf.sum(tf.mul(nll, mask)), tf.maximum(tf.sum(mask), 1)) as tf.Scalar;
}

describe('model gradients', () => {
  beforeAll(async () => { await initBackend('wasm'); }, 60_000);

  describe('fused masked label-smoothed loss', () => {
    const B = 3, T = 5, V = 11;
    const logits = randn(B * T * V, 3);
    for (let v = 0; v < V; v++) { logits[v] = v === 2 ? 80 : -40; logits[V + v] = v * 7; } // saturated rows
    const ids = Int32Array.from({ length: B * T }, () => Math.floor(rnd() * V));
    const mask = Float32Array.from({ length: B * T }, (_, i) => (i % T < 4 - (i / T | 0) ? 1 : 0));

    it.each([0, 0.1, 0.25])('matches logSoftmax + one-hot in value and gradient (smoothing %s, upstream ×2.5)', (eps) => {
      const res = take(tf.tidy(() => {
        const z = tf.tensor2d(logits, [B * T, V]);
        const tgt = tf.tensor2d(ids, [B, T], 'int32'), m = tf.tensor2d(mask, [B, T]);
        const fused = (x: tf.Tensor) => tf.mul(maskedLoss(x as tf.Tensor2D, tgt, m, eps), 2.5) as tf.Scalar;
        const ref = (x: tf.Tensor) => tf.mul(referenceLoss(x as tf.Tensor2D, tgt.reshape([-1]), m.reshape([-1]), eps), 2.5) as tf.Scalar;
        return [fused(z), ref(z), tf.grad(fused)(z), tf.grad(ref)(z)];
      }));
      const [fv, rv, fg, rg] = res;
      expect(Number.isFinite(fv[0])).toBe(true);
      expect(Math.abs(fv[0] - rv[0])).toBeLessThanOrEqual(2e-6 * Math.abs(rv[0]));
      expect(maxAbs(rg)).toBeGreaterThan(0.01);
      expect(maxDiff(fg, rg)).toBeLessThanOrEqual(1e-6);
      // Padded positions get no gradient at all.
      mask.forEach((mk, n) => { if (mk === 0) expect(maxAbs(fg.subarray(n * V, (n + 1) * V))).toBe(0); });
    });

    it('is 0 with a zero gradient when every position is padding', () => {
      const [v, g] = take(tf.tidy(() => {
        const z = tf.tensor2d(logits.subarray(0, 2 * V), [2, V]);
        const tgt = tf.tensor2d([1, 2], [1, 2], 'int32'), m = tf.zeros([1, 2]) as tf.Tensor2D;
        const f = (x: tf.Tensor) => maskedLoss(x as tf.Tensor2D, tgt, m, 0.1);
        return [f(z), tf.grad(f)(z)];
      }));
      expect(v[0]).toBe(0);
      expect(maxAbs(g)).toBe(0);
    });
  });

  it('embedding gradient (scatterND, wasm) equals the cpu backend tf.gather gradient, duplicates summed', async () => {
    const Vocab = 13, E = 6;
    const table = randn(Vocab * E);
    const ids = Int32Array.from([3, 7, 3, 0, 12, 7, 7, 5, 3, 1, 1, 12]); // shape [3, 4], with repeats
    const w = randn(ids.length * E);
    const [wasmOut, wasmGrad] = take(tf.tidy(() => {
      const f = (t: tf.Tensor) => tf.sum(tf.mul(embed(t, tf.tensor2d(ids, [3, 4], 'int32')), tf.tensor3d(w, [3, 4, E])));
      const t = tf.tensor2d(table, [Vocab, E]);
      return [embed(t, tf.tensor2d(ids, [3, 4], 'int32')), tf.grad(f)(t)];
    }));
    await tf.setBackend('cpu');
    try {
      const [cpuOut, cpuGrad] = take(tf.tidy(() => {
        const f = (t: tf.Tensor) => tf.sum(tf.mul(tf.gather(t, tf.tensor2d(ids, [3, 4], 'int32')), tf.tensor3d(w, [3, 4, E])));
        const t = tf.tensor2d(table, [Vocab, E]);
        return [tf.gather(t, tf.tensor2d(ids, [3, 4], 'int32')), tf.grad(f)(t)];
      }));
      expect(Array.from(wasmOut)).toEqual(Array.from(cpuOut));
      expect(maxAbs(cpuGrad.subarray(2 * E, 3 * E))).toBe(0); // id 2 is never looked up
      expect(maxAbs(cpuGrad.subarray(7 * E, 8 * E))).toBeGreaterThan(0);
      expect(maxDiff(wasmGrad, cpuGrad)).toBeLessThanOrEqual(1e-6);
    } finally {
      await tf.setBackend('wasm');
    }
  });

  describe('whole-model gradient, wasm vs cpu', () => {
    const pairs: EncodedPair[] = [[2, 5], [4, 3], [5, 4], [3, 1]].map(([s, t]) => ({
      src: Array.from({ length: s }, () => 36 + Math.floor(rnd() * 12)), tgt: Array.from({ length: t }, () => 36 + Math.floor(rnd() * 12)),
    }));
    const host = hostBatch(pairs, [0, 1, 2, 3]);

    /** Loss and per-parameter gradients on the current backend; `dropoutSeed` fixes dropout masks. */
    function lossAndGrads(c: ModelConfig, values: Record<string, Float32Array>, dropoutSeed?: number) {
      const names = Object.keys(values);
      const b = toTensors(host);
      const [value, ...grads] = tf.tidy(() => {
        const p: Params = Object.fromEntries(names.map((k) => [k, tf.tensor(values[k], paramShapes(c)[k])]));
        let n = 0;
        const seed = dropoutSeed === undefined ? undefined : () => dropoutSeed + n++;
        const f = (...ts: tf.Tensor[]) => maskedLoss(unrolledLogits(Object.fromEntries(names.map((k, i) => [k, ts[i]])), c, b, seed), b.tgtOut, b.tgtMask, 0.1);
        const r = tf.valueAndGrads(f)(names.map((k) => p[k]));
        return [r.value, ...r.grads];
      });
      disposeBatch(b);
      const out = { loss: value.dataSync()[0], grads: Object.fromEntries(names.map((k, i) => [k, grads[i].dataSync() as Float32Array])) };
      tf.dispose([value, ...grads]);
      return out;
    }

    const cases: [CellType, AttentionType, Partial<ModelConfig>][] = [
      ['gru', 'bahdanau', { encLayers: 2 }],
      ['gru', 'luong-general', {}],
      ['gru', 'luong-dot', {}],
      ['lstm', 'bahdanau', {}],
      ['lstm', 'luong-general', { encLayers: 2 }],
      ['lstm', 'luong-dot', {}],
      ['gru', 'bahdanau', { tieOutput: true, outDim: 6 }],
    ];
    it.each(cases)('%s + %s %o: every parameter gradient matches the cpu backend', async (cell, attention, extra) => {
      const c = resolveConfig({ srcVocabSize: 48, tgtVocabSize: 48, embDim: 6, cell, attention, encHidden: 4, decHidden: 8, attnDim: 5, outDim: 7, tieOutput: false, dropout: 0.2, ...extra });
      const values = initialValues(c, 3);
      const wasm = lossAndGrads(c, values, 1234);
      await tf.setBackend('cpu');
      let cpu: typeof wasm;
      try { cpu = lossAndGrads(c, values, 1234); } finally { await tf.setBackend('wasm'); }
      expect(Math.abs(wasm.loss - cpu.loss)).toBeLessThanOrEqual(1e-6 * cpu.loss);
      const gmax = Math.max(...Object.values(cpu.grads).map(maxAbs));
      for (const [name, g] of Object.entries(cpu.grads)) {
        expect(maxAbs(g), `${name} has a gradient`).toBeGreaterThan(0);
        expect(maxDiff(wasm.grads[name], g), name).toBeLessThanOrEqual(1e-5 * gmax + 1e-4 * maxAbs(g));
      }
    });

    it('the wasm gradient predicts the loss change along itself (central difference)', () => {
      const c = resolveConfig({ srcVocabSize: 48, tgtVocabSize: 48, embDim: 6, cell: 'lstm', attention: 'bahdanau', encHidden: 4, decHidden: 8, attnDim: 5, outDim: 7, tieOutput: false, dropout: 0 });
      const values = initialValues(c, 5);
      const { grads } = lossAndGrads(c, values);
      const norm = Math.sqrt(Object.values(grads).reduce((s, g) => s + g.reduce((a, x) => a + x * x, 0), 0));
      const h = 1e-2;
      const moved = (sign: number) => Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.map((x, i) => x + (sign * h * grads[k][i]) / norm)]));
      const slope = (lossAndGrads(c, moved(1)).loss - lossAndGrads(c, moved(-1)).loss) / (2 * h);
      expect(norm).toBeGreaterThan(0.05);
      expect(Math.abs(slope - norm)).toBeLessThanOrEqual(0.02 * norm);
    });
  });
});
