/**
 * Registers tfjs's SIMD WebAssembly backend inside workerd, once per isolate.
 *
 * Why this file exists: workerd forbids compiling WebAssembly from bytes at run
 * time ("Wasm code generation disallowed by embedder"), so the stock loader of
 * @tensorflow/tfjs-backend-wasm (which fetches the .wasm and calls
 * WebAssembly.instantiate on the bytes) fails in every mode (tensorflow/tfjs#8157).
 * Instead the SIMD binary is imported as a module — wrangler (and the vitest
 * pool) turn a `.wasm` import into a precompiled `WebAssembly.Module` — and the
 * emscripten loader gets an `instantiateWasm` hook that only instantiates it.
 * Threads stay off (no SharedArrayBuffer workers in a Worker).
 *
 * Pinned to tfjs 4.22.0: this mirrors `init()` in tfjs-backend-wasm's
 * backend_wasm.ts (the `module.tfjs` cwrap table). `ensureWasmBackend` refuses
 * to run against another version; tests/worker/wasm-backend.test.ts fails loudly
 * when an upgrade breaks it.
 *
 * edge-mt's own fused int8 kernels (kernels/edge-kernels.wasm) are imported the same way and
 * registered into the backend once it is selected (edge-kernels.ts); whether an engine uses
 * them is the EDGE_KERNELS setting (src/serving/model-provider.ts).
 *
 * Call it lazily (on the first request that needs tensors), never at global
 * scope: Workers must finish global-scope startup within 1 s.
 */
import * as tf from '@tensorflow/tfjs';
import { BackendWasm, version_wasm } from '@tensorflow/tfjs-backend-wasm';
import wasmFactory, { type BackendWasmModule } from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm.js';
import simdModule from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm';
import { installFastKernels } from './kernel-patches.ts';
import edgeKernelsModule from './kernels/edge-kernels.wasm';
import { installEdgeKernels } from './edge-kernels.ts';

/** The tfjs version this loader was written against. */
export const PINNED_TFJS_VERSION = '4.22.0';

/** What the loader did, for /health-style diagnostics and tests. */
export interface WasmBackendInfo {
  /** Always 'tfjs-backend-wasm-simd.wasm': the only binary shipped. */
  binary: string;
  /** The compiled module that was instantiated (identity-comparable in tests). */
  module: WebAssembly.Module;
  /** Wall time of the first initialisation in this isolate, ms. */
  initMs: number;
}

type EmscriptenImports = WebAssembly.Imports;
type ReceiveInstance = (instance: WebAssembly.Instance, module: WebAssembly.Module) => void;
/** emscripten's cwrap (its typings come from @types/emscripten, which is not installed). */
type Cwrap = (name: string, returnType: 'number' | null, argTypes: 'number'[]) => (...args: number[]) => number;

let ready: Promise<WasmBackendInfo> | undefined;

/** Registers (once) and selects the SIMD wasm backend; resolves when tensors can be used. */
export function ensureWasmBackend(): Promise<void> {
  return wasmBackendInfo().then(() => undefined);
}

/** Like ensureWasmBackend, but resolves with what was loaded. A failed init is retried on the next call. */
export function wasmBackendInfo(): Promise<WasmBackendInfo> {
  ready ??= initialise().catch((e: unknown) => {
    ready = undefined;
    throw e;
  });
  return ready;
}

async function initialise(): Promise<WasmBackendInfo> {
  const started = Date.now();
  assertPinnedVersions();
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  if (!simd) throw new Error('this runtime does not support WebAssembly SIMD; only the SIMD binary is shipped');

  // Replace the stock factory registered by the package import (it fetches bytes).
  if (tf.findBackendFactory('wasm') != null) tf.removeBackend('wasm');
  tf.registerBackend('wasm', createBackend, 2);
  const ok = await tf.setBackend('wasm');
  if (!ok || tf.getBackend() !== 'wasm') throw new Error('tfjs could not select the wasm backend');
  installFastKernels('wasm');
  installEdgeKernels(edgeKernelsModule, 'wasm');
  return { binary: 'tfjs-backend-wasm-simd.wasm', module: simdModule, initMs: Date.now() - started };
}

function assertPinnedVersions(): void {
  const core = tf.version_core;
  if (core !== PINNED_TFJS_VERSION || version_wasm !== PINNED_TFJS_VERSION) {
    throw new Error(
      `src/backend/workerd-wasm.ts is pinned to tfjs ${PINNED_TFJS_VERSION} but found core ${core}, wasm ${version_wasm}; ` +
        're-check it against backend_wasm.ts init()',
    );
  }
}

/** The backend factory: emscripten loader + precompiled SIMD module, single-threaded. */
async function createBackend(): Promise<BackendWasm> {
  const wasm = await wasmFactory({
    // emscripten asks for the .wasm location only to fetch it; we never fetch.
    locateFile: (path: string) => path,
    instantiateWasm: (imports: EmscriptenImports, receive: ReceiveInstance) => {
      const instance = new WebAssembly.Instance(simdModule, imports);
      receive(instance, simdModule);
      return instance.exports;
    },
    onAbort: (msg: string) => {
      throw new Error(`tfjs wasm module aborted: ${msg}`);
    },
  });
  const cwrap = (wasm as BackendWasmModule & { cwrap: Cwrap }).cwrap;
  // Same table as backend_wasm.ts init() (tfjs 4.22.0).
  wasm.tfjs = {
    init: cwrap('init', null, []),
    initWithThreadsCount: cwrap('init_with_threads_count', null, ['number']),
    getThreadsCount: cwrap('get_threads_count', 'number', []),
    registerTensor: cwrap('register_tensor', null, ['number', 'number', 'number']),
    disposeData: cwrap('dispose_data', null, ['number']),
    dispose: cwrap('dispose', null, []),
  };
  return new BackendWasm(wasm);
}
