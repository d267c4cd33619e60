/**
 * The app's access point to the model: the per-isolate Translator, loaded lazily on the
 * first request that needs it (global scope stays cheap: the Workers startup limit is 1 s).
 *
 * The weights, tokenizer and manifest are bundled with the Worker (wrangler `Data` rules),
 * so nothing is fetched. Loading verifies every file's sha256 against the manifest and
 * the weight file's own magic, version, sizes and checksums. A model that fails its
 * integrity check answers 503 with the reason on every model route (not /health); the
 * failure is remembered, since bundled bytes cannot heal.
 */
import manifestModule from '../weights/en-es/manifest.json';
import tokenizerModule from '../weights/en-es/tokenizer.json';
import weightsModule from '../weights/en-es/model.bin';
import shortlistModule from '../weights/en-es/shortlist.json';
import { ApiError } from './api-error.ts';
import type { Env } from './env.ts';
import type { Translator } from './translator.ts';
import { weightFileBytes } from './weight-module.ts';

/** The bundled model folder as bytes, by file name. */
export const BUNDLED_MODEL: Record<string, unknown> = {
  'manifest.json': manifestModule,
  'tokenizer.json': tokenizerModule,
  'model.bin': weightsModule,
  // Read (and sha256-checked) only when the manifest lists it; `npm run shortlist` adds it.
  'shortlist.json': shortlistModule,
};

let loading: Promise<Translator> | null = null;

export async function getTranslator(env: Env): Promise<Translator> {
  loading ??= loadTranslator(BUNDLED_MODEL, graphFromEnv(env));
  return loading;
}

/** The inference graph the EDGE_KERNELS setting asks for: "reference", else the fused kernels. */
export const graphFromEnv = (env: Env): 'fused' | 'reference' => (env.EDGE_KERNELS?.trim().toLowerCase() === 'reference' ? 'reference' : 'fused');

/** Builds a Translator from model files given as bytes (also used by the integrity tests). */
export async function loadTranslator(files: Record<string, unknown>, graph: 'fused' | 'reference' = 'fused'): Promise<Translator> {
  const { ensureWasmBackend } = await import('./wasm-backend.ts');
  const { createEngineTranslator } = await import('./engine-translator.ts');
  await ensureWasmBackend();
  try {
    const bytes = (name: string) => {
      if (!(name in files)) throw new Error(`model file ${name} is not bundled`);
      return new Uint8Array(weightFileBytes(files[name], name));
    };
    return await createEngineTranslator({ manifest: bytes('manifest.json'), file: bytes }, { graph });
  } catch (e) {
    throw new ApiError(503, 'model_unavailable', `model failed its integrity check: ${(e as Error).message}`);
  }
}
