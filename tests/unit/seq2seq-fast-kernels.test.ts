/**
 * The transposed-matmul patch of src/backend/kernel-patches.ts on the wasm backend: it replaces
 * BatchMatMul once, and for every transpose combination (2-D, batched 3-D, broadcast batch)
 * gives the same numbers as the unpatched cpu kernel and the unpatched wasm kernel —
 * bit for bit on integer-valued inputs (where every summation order is exact), within
 * float32 rounding on random inputs — without leaking its intermediate transposes.
 * This file sets the wasm backend up by hand so it can run the kernel before the patch.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { installFastKernels } from '../../src/backend/kernel-patches.ts';
import { mulberry32 } from '../../src/model/graph/rng.ts';

type Case = { a: number[]; b: number[]; ta: boolean; tb: boolean };
const CASES: Case[] = [
  { a: [37, 53], b: [53, 29], ta: false, tb: false },
  { a: [53, 37], b: [53, 29], ta: true, tb: false },
  { a: [37, 53], b: [29, 53], ta: false, tb: true },
  { a: [53, 37], b: [29, 53], ta: true, tb: true },
  { a: [1, 300], b: [200, 300], ta: false, tb: true }, // one row against a wide matrix (output-layer shape)
  { a: [3, 9, 17], b: [3, 9, 5], ta: true, tb: false },
  { a: [3, 17, 9], b: [3, 5, 9], ta: false, tb: true },
  { a: [3, 9, 17], b: [3, 5, 9], ta: true, tb: true },
  { a: [1, 9, 17], b: [4, 5, 9], ta: true, tb: true }, // broadcast batch
  { a: [4, 17, 9], b: [1, 9, 5], ta: false, tb: false },
];
const size = (s: number[]) => s.reduce((x, y) => x * y, 1);
const rnd = mulberry32(21);
const ints = (s: number[]) => Float32Array.from({ length: size(s) }, () => Math.floor(rnd() * 17) - 8);
const floats = (s: number[]) => Float32Array.from({ length: size(s) }, () => rnd() * 2 - 1);
const INT_DATA = CASES.map((c) => [ints(c.a), ints(c.b)]);
const FLOAT_DATA = CASES.map((c) => [floats(c.a), floats(c.b)]);

/** Reads a tensor and frees it (returning a typed array from tf.tidy would make tfjs walk every element). */
const take = (t: tf.Tensor) => { const d = t.dataSync() as Float32Array; t.dispose(); return d; };
const matmuls = (data: Float32Array[][]) => CASES.map((c, i) => take(tf.tidy(() => tf.matMul(tf.tensor(data[i][0], c.a), tf.tensor(data[i][1], c.b), c.ta, c.tb))));
/** Cases whose batch dims agree (tfjs 4.22 has no BatchMatMul gradient for a broadcast batch). */
const GRAD_CASES = CASES.map((c, i) => [c, i] as const).filter(([c]) => c.a.length === 2 || c.a[0] === c.b[0]);
/** d/dA and d/dB of sum(W ⊙ matMul(A, B)) — the backward pass itself runs transposed matmuls. */
const matmulGrads = (data: Float32Array[][]) => GRAD_CASES.map(([c, i]) => tf.tidy(() => {
  const a = tf.tensor(data[i][0], c.a), b = tf.tensor(data[i][1], c.b);
  const w = tf.onesLike(tf.matMul(a, b, c.ta, c.tb)).mul(3);
  return tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(tf.matMul(x, y, c.ta, c.tb), w)))([a, b]);
}).map(take));

/** Runs `f` on the (unpatched) cpu backend, then switches back to wasm. */
async function onCpu<T>(f: () => T): Promise<T> {
  await tf.setBackend('cpu');
  try { return f(); } finally { await tf.setBackend('wasm'); }
}

describe('fast kernels: transposed BatchMatMul on wasm', () => {
  let unpatchedInt: Float32Array[], unpatchedFloat: Float32Array[], original: tf.KernelConfig | undefined, patched: tf.KernelConfig | undefined;
  let firstInstall: boolean, secondInstall: boolean;

  beforeAll(async () => {
    const require = createRequire(import.meta.url);
    setWasmPaths(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm')) + path.sep);
    expect(await tf.setBackend('wasm')).toBe(true);
    original = tf.getKernel('BatchMatMul', 'wasm');
    unpatchedInt = matmuls(INT_DATA);
    unpatchedFloat = matmuls(FLOAT_DATA);
    firstInstall = installFastKernels('wasm');
    secondInstall = installFastKernels('wasm');
    patched = tf.getKernel('BatchMatMul', 'wasm');
  }, 60_000);

  it('replaces the wasm BatchMatMul kernel exactly once', () => {
    expect(firstInstall).toBe(true);
    expect(secondInstall).toBe(false);
    expect(original).toBeDefined();
    expect(patched).toBeDefined();
    expect(patched!.kernelFunc).not.toBe(original!.kernelFunc);
  });

  it('equals the unpatched cpu and wasm kernels bit for bit on integer-valued inputs', async () => {
    const fast = matmuls(INT_DATA);
    const cpu = await onCpu(() => matmuls(INT_DATA));
    CASES.forEach((c, i) => {
      expect(fast[i].length, JSON.stringify(c)).toBe(cpu[i].length);
      expect(Array.from(fast[i]), JSON.stringify(c)).toEqual(Array.from(cpu[i]));
      expect(Array.from(fast[i]), JSON.stringify(c)).toEqual(Array.from(unpatchedInt[i]));
    });
  });

  it('matches the unpatched cpu and wasm kernels within float32 rounding on random inputs', async () => {
    const fast = matmuls(FLOAT_DATA);
    const cpu = await onCpu(() => matmuls(FLOAT_DATA));
    CASES.forEach((c, i) => {
      const k = c.ta ? c.a.at(-2)! : c.a.at(-1)!; // inner dimension
      const tol = k * 2 ** -22; // |a|,|b| ≤ 1: each product and partial sum is off by at most ~2^-23·k
      for (let j = 0; j < cpu[i].length; j++) {
        expect(Math.abs(fast[i][j] - cpu[i][j])).toBeLessThanOrEqual(tol);
        expect(Math.abs(fast[i][j] - unpatchedFloat[i][j])).toBeLessThanOrEqual(tol);
      }
    });
  });

  it('gives the same matmul gradients as the cpu backend (integer inputs, exact)', async () => {
    const fast = matmulGrads(INT_DATA);
    const cpu = await onCpu(() => matmulGrads(INT_DATA));
    expect(GRAD_CASES.length).toBeGreaterThanOrEqual(8);
    GRAD_CASES.forEach(([c], i) => {
      expect(Array.from(fast[i][0]), `dA ${JSON.stringify(c)}`).toEqual(Array.from(cpu[i][0]));
      expect(Array.from(fast[i][1]), `dB ${JSON.stringify(c)}`).toEqual(Array.from(cpu[i][1]));
    });
  });

  it('frees the transposed copies it makes (engine tensors and backend data ids unchanged)', () => {
    // The copies are backend-level TensorInfos the engine never sees, so count the backend's data ids too.
    const ids = () => tf.backend().numDataIds();
    const before = { ...tf.memory(), dataIds: ids() };
    for (let r = 0; r < 5; r++) matmuls(FLOAT_DATA);
    const after = { ...tf.memory(), dataIds: ids() };
    expect(after.numTensors).toBe(before.numTensors);
    expect(after.numBytes).toBe(before.numBytes);
    expect(after.dataIds).toBe(before.dataIds);
  });
});
