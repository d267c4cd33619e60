/**
 * The tfjs wasm backend (SIMD, 1 thread) with the transposed-matmul patch of
 * src/backend/kernel-patches.ts that a benchmark can switch off and on, to measure what the
 * fast path buys. Call once per process instead of src/backend/node-wasm.ts initBackend.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import path from 'node:path';
import { installFastKernels } from '../../src/backend/kernel-patches.ts';

export interface SwitchableFastPath {
  /** e.g. "wasm (SIMD), 1 thread" */
  backend: string;
  /** Registers the patched (true) or the original (false) BatchMatMul kernel. */
  setFastPath(on: boolean): void;
}

export async function initSwitchableFastPath(): Promise<SwitchableFastPath> {
  const require = createRequire(import.meta.url);
  setWasmPaths(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm')) + path.sep);
  if (!(await tf.setBackend('wasm'))) throw new Error('could not initialise the tfjs wasm backend');
  await tf.ready();
  const original = tf.getKernel('BatchMatMul', 'wasm');
  if (!original) throw new Error('wasm BatchMatMul kernel not found');
  if (!installFastKernels('wasm')) throw new Error('the fast kernels were already installed; the original kernel is lost');
  const fast = tf.getKernel('BatchMatMul', 'wasm')!;
  const simd = tf.env().getBool('WASM_HAS_SIMD_SUPPORT');
  return {
    backend: `wasm${simd ? ' (SIMD)' : ''}, 1 thread`,
    setFastPath(on: boolean) {
      tf.unregisterKernel('BatchMatMul', 'wasm');
      tf.registerKernel(on ? fast : original);
    },
  };
}
