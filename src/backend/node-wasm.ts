/**
 * Sets up tfjs in Node for training and the CLIs: the SIMD wasm backend (the pure-JS
 * `cpu` backend is 30–60× slower and only a fallback) plus the fast-kernel patches, and
 * edge-mt's fused int8 inference kernels (edge-kernels.ts) unless the environment says
 * EDGE_MT_KERNELS=reference (then every engine runs the reference graph).
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { installFastKernels } from './kernel-patches.ts';
import { installEdgeKernels } from './edge-kernels.ts';

/** The values of EDGE_MT_KERNELS: 'fused' (default) registers the Edge kernels, 'reference' does not. */
export function kernelsFromEnv(value = process.env.EDGE_MT_KERNELS): 'fused' | 'reference' {
  if (value === undefined || value === '' || value === 'fused') return 'fused';
  if (value === 'reference') return 'reference';
  throw new Error(`EDGE_MT_KERNELS must be "fused" or "reference", got "${value}"`);
}

/** The compiled edge-kernels.wasm (Node compiles the committed bytes). */
export function edgeKernelsModule(): WebAssembly.Module {
  return new WebAssembly.Module(readFileSync(new URL('./kernels/edge-kernels.wasm', import.meta.url)));
}

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
  const fused = backend === 'wasm' && kernelsFromEnv() === 'fused';
  if (fused) installEdgeKernels(edgeKernelsModule(), backend);
  const simd = backend === 'wasm' && tf.env().getBool('WASM_HAS_SIMD_SUPPORT');
  return `${tf.getBackend()}${simd ? ' (SIMD)' : ''}, 1 thread${fused ? ', fused int8 kernels' : ''}`;
}
