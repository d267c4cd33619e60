import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import simd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm';
import { ensureWasmBackend, wasmBackendInfo } from '../../src/wasm-backend.ts';

describe('wasm backend', () => {
  it('selects wasm', async () => {
    await ensureWasmBackend();
    expect(tf.getBackend()).toBe('wasm');
    const info = await wasmBackendInfo();
    expect(info.module).toBe(simd);
    const c = await tf.matMul(tf.tensor2d([[1, 2], [3, 4]]), tf.tensor2d([[5, 6], [7, 8]])).data();
    expect(Array.from(c)).toEqual([19, 22, 43, 50]);
  });
});
