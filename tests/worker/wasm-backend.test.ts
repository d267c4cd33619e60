/**
 * The SIMD wasm backend loads inside workerd (where compiling wasm from bytes is
 * forbidden) and computes correctly. Pinned to tfjs 4.22.0: if an upgrade changes
 * the emscripten loader or BackendWasm, these tests fail loudly.
 */
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, version_wasm } from '@tensorflow/tfjs-backend-wasm';
import plainModule from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm';
import simdModule from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureWasmBackend, PINNED_TFJS_VERSION, wasmBackendInfo } from '../../src/backend/workerd-wasm.ts';

/** Deterministic pseudo-random matrix (LCG), values in [-1, 1). */
function matrix(rows: number, cols: number, seed: number): Float32Array {
  const out = new Float32Array(rows * cols);
  let s = seed >>> 0;
  for (let i = 0; i < out.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

function referenceMatMul(a: Float32Array, b: Float32Array, m: number, k: number, n: number): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let p = 0; p < k; p++) {
      const x = a[i * k + p]!;
      for (let j = 0; j < n; j++) c[i * n + j]! += x * b[p * n + j]!;
    }
  return c;
}

describe('SIMD wasm backend in workerd', () => {
  beforeAll(async () => {
    await ensureWasmBackend();
  });

  it('runs against the pinned tfjs version', () => {
    expect(tf.version_core).toBe(PINNED_TFJS_VERSION);
    expect(version_wasm).toBe(PINNED_TFJS_VERSION);
  });

  it('selects the wasm backend', () => {
    expect(tf.getBackend()).toBe('wasm');
  });

  it('instantiated the SIMD binary, on a runtime with SIMD, single-threaded', async () => {
    const info = await wasmBackendInfo();
    expect(info.binary).toBe('tfjs-backend-wasm-simd.wasm');
    expect(info.module).toBe(simdModule);
    expect(info.module).not.toBe(plainModule);
    expect(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')).toBe(true);
    expect(getThreadsCount()).toBe(1);
    console.log(`[measure] tfjs wasm backend first init inside workerd: ${info.initMs} ms (workerd clock, advances on I/O only)`);
  });

  it('initialises once per isolate', async () => {
    const before = tf.engine().backend;
    await ensureWasmBackend();
    const again = await wasmBackendInfo();
    expect(again).toBe(await wasmBackendInfo());
    expect(tf.engine().backend).toBe(before);
  });

  it('multiplies a 2×2 matrix exactly', async () => {
    const c = tf.tidy(() => tf.matMul(tf.tensor2d([[1, 2], [3, 4]]), tf.tensor2d([[5, 6], [7, 8]])));
    expect(Array.from(await c.data())).toEqual([19, 22, 43, 50]);
    c.dispose();
  });

  it('matches a float64 reference on a 37×129 · 129×65 product (XNNPACK path)', async () => {
    const [m, k, n] = [37, 129, 65];
    const a = matrix(m, k, 1);
    const b = matrix(k, n, 2);
    const expected = referenceMatMul(a, b, m, k, n);
    const c = tf.tidy(() => tf.matMul(tf.tensor2d(a, [m, k]), tf.tensor2d(b, [k, n])));
    const got = await c.data();
    c.dispose();
    let maxErr = 0;
    for (let i = 0; i < got.length; i++) maxErr = Math.max(maxErr, Math.abs(got[i]! - expected[i]!));
    expect(maxErr).toBeLessThan(1e-4);
  });

  it('runs the ops a Seq2Seq decoder needs (gather, tanh, softmax, topk) without leaking tensors', async () => {
    const before = tf.memory().numTensors;
    const out = tf.tidy(() => {
      const emb = tf.tensor2d(matrix(10, 4, 3), [10, 4]);
      const h = tf.tanh(tf.gather(emb, tf.tensor1d([3, 7], 'int32')));
      const probs = tf.softmax(tf.matMul(h, emb, false, true));
      return tf.topk(probs, 3);
    });
    const probsRowSum = tf.tidy(() => tf.sum(tf.exp(tf.logSoftmax(tf.tensor1d([1, 2, 3])))));
    expect(await probsRowSum.data()).toEqual(expect.objectContaining({ 0: expect.closeTo(1, 5) }));
    expect(out.indices.shape).toEqual([2, 3]);
    const idx = await out.indices.data();
    expect(Array.from(idx).every((i) => i >= 0 && i < 10)).toBe(true);
    tf.dispose([out.values, out.indices, probsRowSum]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
