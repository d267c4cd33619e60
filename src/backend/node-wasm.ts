/**
 * Sets up tfjs in Node for training and the CLIs: the SIMD wasm backend (the pure-JS
 * `cpu` backend is 30–60× slower and only a fallback) plus the fast-kernel patches.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import path from 'node:path';
import { installFastKernels } from './kernel-patches.ts';

export type BackendName = 'wasm' | 'cpu';

/** Initialises `backend` once and returns a short description (backend, SIMD, threads). */
export async function initBackend(backend: BackendName = 'wasm'): Promise<string> {
  if (backend === 'wasm') {
    const require = createRequire(import.meta.url);
    const dist = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm'));
    setWasmPaths(dist + path.sep);
  }
  if (!(await tf.setBackend(backend))) throw new Error(`could not initialise the tfjs "${backend}" backend`);
  await tf.ready();
  installFastKernels(backend);
  const simd = backend === 'wasm' && tf.env().getBool('WASM_HAS_SIMD_SUPPORT');
  return `${tf.getBackend()}${simd ? ' (SIMD)' : ''}, 1 thread`;
}
