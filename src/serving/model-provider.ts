/**
 * The Worker's one model provider: a Translator for the requested language pair and
 * version, loaded lazily from the model store (R2 binding `MODELS`, see src/store/) on the
 * first request that needs it in an isolate (global scope stays cheap: the Workers startup
 * limit is 1 s), and kept in the isolate's EnginePool (an LRU under a memory budget).
 *
 * Every request reads the pair's pointer (a small R2 object, never cached), so a publish or
 * a rollback is served from the next request on. Every file is checked against the sha256
 * the pointer records, then the engine checks the files against the manifest and the
 * weight file's own magic, version, sizes and checksums. A model that fails answers 503
 * with the reason on every model route (not /health).
 *
 * The engine runs the fused int8 graph on edge-mt's own kernels (src/backend/edge-kernels.ts)
 * unless EDGE_KERNELS is "reference" (the float32 tfjs graph); the graph is part of the pool
 * key, so an isolate serves what each request's env asks for.
 */
import { env as globalEnv } from 'cloudflare:workers';
import { ApiError } from '../api-error.ts';
import type { Env } from '../env.ts';
import type { EngineLoadOptions, TranslationEngine } from '../model/engine.ts';
import type { ModelPointer, PublishedVersion } from '../store/model-pointer.ts';
import { ModelStore, ObjectIntegrityError } from '../store/model-store.ts';
import { manifestPair } from '../store/publish.ts';
import { DEFAULT_PAIR, MODEL_FILES, PAIR_PATTERN, pairOf } from '../store/store-layout.ts';
import { EnginePool, type PooledModel } from './engine-pool.ts';
import { modelCost, modelMemoryBudget } from './model-budget.ts';
import type { ModelCard, ModelSelection, Translator } from './translator.ts';

let pool: EnginePool | null = null;

/** The inference graph an engine runs: edge-mt's fused int8 kernels, or the reference float32 graph. */
export type InferenceGraph = NonNullable<EngineLoadOptions['graph']>;

/** The inference graph the EDGE_KERNELS setting asks for: "reference", else the fused kernels. */
export const graphFromEnv = (env: Env): InferenceGraph => (env.EDGE_KERNELS?.trim().toLowerCase() === 'reference' ? 'reference' : 'fused');

/** The engine pool's key of a model version on a graph (the fused default keeps the plain `pair/id`). */
const poolKey = (pair: string, id: string, graph: InferenceGraph): string => `${pair}/${id}${graph === 'fused' ? '' : `#${graph}`}`;

/** The isolate's pool (created with the budget of the first request's env). */
export function enginePool(env: Env): EnginePool {
  pool ??= new EnginePool(modelMemoryBudget(env));
  pool.budgetBytes = modelMemoryBudget(env);
  return pool;
}

/** The store of this env: its MODELS binding, else the Worker's own (app.request() in tests). */
export function modelStore(env: Env): ModelStore {
  const bucket = env.MODELS ?? (globalEnv as Env | undefined)?.MODELS;
  if (!bucket) throw new ApiError(503, 'model_unavailable', 'model store unavailable: the Worker has no MODELS (R2) binding');
  return new ModelStore(bucket);
}

/** The pair a request asks for: `source`-`target`, en→es by default. */
export function requestedPair(selection: ModelSelection): string {
  const [defaultSource, defaultTarget] = DEFAULT_PAIR.split('-') as [string, string];
  return pairOf(selection.source ?? defaultSource, selection.target ?? defaultTarget);
}

async function pointerOf(store: ModelStore, pair: string): Promise<ModelPointer> {
  let pointer: ModelPointer | null;
  try {
    pointer = PAIR_PATTERN.test(pair) ? await store.pointer(pair) : null;
  } catch (e) {
    throw new ApiError(503, 'model_unavailable', `model store unavailable: ${(e as Error).message.split('\n')[0]}`);
  }
  if (!pointer) {
    let available: string[] = [];
    try { available = await store.pairs(); } catch { /* the message still names the pair */ }
    const [s, t] = pair.split('-');
    throw new ApiError(400, 'unsupported_pair', `unsupported language pair ${s}→${t}: available pairs are ${available.length ? available.join(', ') : '(none published)'}`, { field: 'target' });
  }
  return pointer;
}

export async function getTranslator(env: Env, selection: ModelSelection = {}): Promise<Translator> {
  const store = modelStore(env);
  const pair = requestedPair(selection);
  const pointer = await pointerOf(store, pair);
  const id = selection.model ?? pointer.active;
  const version = pointer.versions[id];
  if (!version) {
    throw new ApiError(400, 'unknown_model', `model ${id} is not a published version of ${pair} (published: ${Object.keys(pointer.versions).join(', ')})`, { field: 'model' });
  }
  const graph = graphFromEnv(env);
  return enginePool(env).acquire(poolKey(pair, id, graph), modelCost(version), () => loadVersion(store, pair, id, version, graph));
}

/** Reads a version's files (cache, then R2), verifies them, and builds its engine. */
async function loadVersion(store: ModelStore, pair: string, id: string, version: PublishedVersion, graph: InferenceGraph): Promise<PooledModel> {
  const files: Record<string, Uint8Array> = {};
  try {
    for (const name of MODEL_FILES) if (version.files[name]) files[name] = (await store.file(pair, id, version, name)).bytes;
  } catch (e) {
    const message = (e as Error).message.split('\n')[0];
    if (!(e instanceof ObjectIntegrityError)) throw new ApiError(503, 'model_unavailable', `model store unavailable: ${message}`);
    throw new ApiError(503, 'model_unavailable', `model failed its integrity check: ${message}`);
  }
  return buildModel(files, graph);
}

/** Builds a Translator from model files given as bytes (also used by the integrity tests). */
export async function loadTranslator(files: Record<string, Uint8Array | ArrayBuffer>, graph: InferenceGraph = 'fused'): Promise<Translator> {
  return (await buildModel(files, graph)).translator;
}

async function buildModel(files: Record<string, Uint8Array | ArrayBuffer>, graph: InferenceGraph): Promise<PooledModel> {
  const { ensureWasmBackend } = await import('../backend/workerd-wasm.ts');
  const { TranslationEngine } = await import('../model/engine.ts');
  await ensureWasmBackend();
  try {
    const bytes = (name: string) => {
      if (!(name in files)) throw new Error(`model file ${name} is not in the store`);
      const b = files[name]!;
      return b instanceof Uint8Array ? b : new Uint8Array(b);
    };
    const engine = await TranslationEngine.load({ manifest: bytes('manifest.json'), file: bytes }, 'model.bin', { graph });
    const card = modelCard(engine);
    return {
      translator: { modelCard: () => card, translate: async (texts, opts) => engine.translate(texts, opts), memory: () => engine.memory() },
      dispose: () => engine.dispose(),
    };
  } catch (e) {
    throw new ApiError(503, 'model_unavailable', `model failed its integrity check: ${(e as Error).message}`);
  }
}

/** GET /models: every published pair, its active version and the scores of each version. */
export async function modelCatalog(env: Env): Promise<{ pairs: unknown[] }> {
  const store = modelStore(env);
  const p = enginePool(env);
  let pairs: string[];
  try {
    pairs = await store.pairs();
  } catch (e) {
    throw new ApiError(503, 'model_unavailable', `model store unavailable: ${(e as Error).message.split('\n')[0]}`);
  }
  const out = [];
  for (const pair of pairs) {
    const pointer = await pointerOf(store, pair);
    const [source, target] = pair.split('-');
    out.push({
      pair,
      source,
      target,
      active: pointer.active,
      versions: Object.entries(pointer.versions)
        .sort(([, a], [, b]) => b.published.localeCompare(a.published))
        .map(([id, v]) => ({ id, active: id === pointer.active, published: v.published, bytes: Object.values(v.files).reduce((n, f) => n + f.bytes, 0), loaded: p.isLoaded(poolKey(pair, id, graphFromEnv(env))), scores: v.scores ?? null })),
    });
  }
  return { pairs: out };
}

/** The model card of GET /model, from the verified manifest and the loaded config. */
function modelCard(engine: TranslationEngine): ModelCard {
  const m = engine.manifest;
  const c = engine.config;
  const [source, target] = manifestPair(m).split('-') as [string, string];
  return {
    id: m.model_id,
    version: m.created,
    languagePair: `${source}-${target}`,
    sourceLanguage: source,
    targetLanguage: target,
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
