/**
 * The Worker's one model provider: the per-isolate Translator (the engine of
 * src/model/engine.ts plus its model card), loaded lazily on the first request that needs
 * it (global scope stays cheap: the Workers startup limit is 1 s).
 *
 * The weights, tokenizer and manifest are bundled with the Worker (wrangler `Data` rules),
 * so nothing is fetched. Loading verifies every file's sha256 against the manifest and
 * the weight file's own magic, version, sizes and checksums. A model that fails its
 * integrity check answers 503 with the reason on every model route (not /health); the
 * failure is remembered, since bundled bytes cannot heal.
 */
import manifestModule from '../../weights/en-es/manifest.json';
import tokenizerModule from '../../weights/en-es/tokenizer.json';
import weightsModule from '../../weights/en-es/model.bin';
import shortlistModule from '../../weights/en-es/shortlist.json';
import { ApiError } from '../api-error.ts';
import type { Env } from '../env.ts';
import type { TranslationEngine } from '../model/engine.ts';
import type { ModelCard, Translator } from './translator.ts';
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

export async function getTranslator(_env: Env): Promise<Translator> {
  loading ??= loadTranslator(BUNDLED_MODEL);
  return loading;
}

/** Builds a Translator from model files given as bytes (also used by the integrity tests). */
export async function loadTranslator(files: Record<string, unknown>): Promise<Translator> {
  const { ensureWasmBackend } = await import('../backend/workerd-wasm.ts');
  const { TranslationEngine } = await import('../model/engine.ts');
  await ensureWasmBackend();
  try {
    const bytes = (name: string) => {
      if (!(name in files)) throw new Error(`model file ${name} is not bundled`);
      return new Uint8Array(weightFileBytes(files[name], name));
    };
    const engine = await TranslationEngine.load({ manifest: bytes('manifest.json'), file: bytes });
    const card = modelCard(engine);
    return { modelCard: () => card, translate: async (texts, opts) => engine.translate(texts, opts), memory: () => engine.memory() };
  } catch (e) {
    throw new ApiError(503, 'model_unavailable', `model failed its integrity check: ${(e as Error).message}`);
  }
}

/** The model card of GET /model, from the verified manifest and the loaded config. */
function modelCard(engine: TranslationEngine): ModelCard {
  const m = engine.manifest;
  const c = engine.config;
  return {
    id: m.model_id,
    version: m.created,
    sourceLanguage: 'en',
    targetLanguage: 'es',
    architecture: `bi-${c.cell.toUpperCase()} encoder (${c.encLayers}×${c.encHidden}/dir) + ${c.attention} attention + ${c.cell.toUpperCase()} decoder (${c.decHidden})`,
    parameters: engine.parameterCount,
    dtype: m.dtype,
    vocabulary: { source: c.srcVocabSize, target: c.tgtVocabSize },
    config: c,
    weights: Object.fromEntries(Object.entries(m.files).map(([k, v]) => [k, { sha256: v.sha256, bytes: v.bytes }])),
    training: m.training,
    scores: m.scores,
  };
}
