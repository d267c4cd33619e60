/**
 * The app's access point to the model: returns the per-isolate Translator.
 *
 * NOT IMPLEMENTED YET: the model loader (weights + tokenizer + beam search on the
 * SIMD wasm backend, see src/wasm-backend.ts) is being written elsewhere. Until
 * it is wired here, every model route answers 503 "model not loaded yet".
 * The real implementation must load lazily (first request), memoise the promise
 * per isolate, and call `ensureWasmBackend()` before touching tensors.
 */
import { ApiError } from './api-error.ts';
import type { Env } from './env.ts';
import type { Translator } from './translator.ts';

export async function getTranslator(_env: Env): Promise<Translator> {
  throw new ApiError(503, 'model_unavailable', 'model not loaded yet', { headers: { 'Retry-After': '30' } });
}
