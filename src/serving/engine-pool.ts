/**
 * The loaded models of an isolate: an LRU bounded by a memory budget (the isolate limit is
 * 128 MB, and the tfjs wasm memory, which holds every model's tensors, never shrinks).
 *
 * Each model is accounted at a cost estimated before it is loaded (from its weight file's
 * size, see `modelCost`). Loading a model that would pass the budget first evicts the
 * least recently used models that are not translating; if that cannot make room, the
 * request gets a 503 `model_over_budget` that names the sizes, and nothing is loaded.
 * Concurrent requests for the same model share one load. A load that fails its integrity
 * check is remembered (versions are immutable, so the bytes cannot heal); a store outage
 * is not.
 */
import { ApiError } from '../api-error.ts';
import type { Translator, TranslatorMemory } from './translator.ts';

export interface PooledModel {
  translator: Translator;
  dispose(): void;
}

interface Entry {
  key: string;
  cost: number;
  model: PooledModel;
  inFlight: number;
}

export interface PoolMemory {
  budgetBytes: number;
  heldBytes: number;
  models: { key: string; costBytes: number; inFlight: number }[];
}

const MB = 1024 * 1024;
const mb = (n: number) => `${(n / MB).toFixed(1)} MB`;

export class EnginePool {
  /** Loaded models, least recently used first (a Map keeps insertion order). */
  private readonly entries = new Map<string, Entry>();
  private readonly loading = new Map<string, { cost: number; promise: Promise<Entry> }>();
  private readonly failed = new Map<string, ApiError>();

  constructor(public budgetBytes: number) {}

  /** Bytes accounted to loaded and loading models. */
  heldBytes(): number {
    let n = 0;
    for (const e of this.entries.values()) n += e.cost;
    for (const l of this.loading.values()) n += l.cost;
    return n;
  }

  memory(): PoolMemory {
    return { budgetBytes: this.budgetBytes, heldBytes: this.heldBytes(), models: [...this.entries.values()].map((e) => ({ key: e.key, costBytes: e.cost, inFlight: e.inFlight })) };
  }

  isLoaded(key: string): boolean {
    return this.entries.has(key);
  }

  /**
   * A translator for `key`, loaded by `load` (at `cost` bytes) unless it is already. Its
   * `translate` marks the model busy while it runs (busy models are never evicted) and
   * reloads it if it was evicted in between.
   */
  async acquire(key: string, cost: number, load: () => Promise<PooledModel>): Promise<Translator> {
    const entry = await this.entry(key, cost, load);
    const card = entry.model.translator.modelCard();
    const pool = this;
    return {
      modelCard: () => card,
      async translate(texts, opts) {
        const e = await pool.entry(key, cost, load);
        e.inFlight++;
        try {
          return await e.model.translator.translate(texts, opts);
        } finally {
          e.inFlight--;
        }
      },
      memory(): TranslatorMemory & { pool: PoolMemory } {
        const current = pool.entries.get(key) ?? entry;
        return { ...current.model.translator.memory!(), pool: pool.memory() };
      },
    };
  }

  private async entry(key: string, cost: number, load: () => Promise<PooledModel>): Promise<Entry> {
    const loaded = this.entries.get(key);
    if (loaded) {
      this.entries.delete(key); // most recently used goes last
      this.entries.set(key, loaded);
      return loaded;
    }
    const failure = this.failed.get(key);
    if (failure) throw failure;
    const pending = this.loading.get(key);
    if (pending) return pending.promise;

    this.makeRoom(key, cost);
    const promise = (async () => {
      try {
        const model = await load();
        const e: Entry = { key, cost, model, inFlight: 0 };
        this.entries.set(key, e);
        return e;
      } catch (err) {
        if (err instanceof ApiError && err.code === 'model_unavailable' && /integrity check/.test(err.message)) this.failed.set(key, err);
        throw err;
      } finally {
        this.loading.delete(key);
      }
    })();
    this.loading.set(key, { cost, promise });
    return promise;
  }

  /** Evicts idle models, least recently used first, until `cost` fits; else a 503. */
  private makeRoom(key: string, cost: number): void {
    if (cost > this.budgetBytes) {
      throw new ApiError(503, 'model_over_budget', `cannot load ${key}: it needs about ${mb(cost)}, more than the isolate's model memory budget of ${mb(this.budgetBytes)}`);
    }
    for (const e of [...this.entries.values()]) {
      if (this.heldBytes() + cost <= this.budgetBytes) break;
      if (e.inFlight > 0) continue;
      this.entries.delete(e.key);
      e.model.dispose();
    }
    if (this.heldBytes() + cost > this.budgetBytes) {
      const held = [...this.entries.values()].map((e) => `${e.key} ${mb(e.cost)}${e.inFlight ? ' (translating)' : ''}`).concat([...this.loading.entries()].map(([k, l]) => `${k} ${mb(l.cost)} (loading)`));
      throw new ApiError(503, 'model_over_budget', `cannot load ${key} (about ${mb(cost)}): the isolate's model memory budget is ${mb(this.budgetBytes)} and ${mb(this.heldBytes())} is held by models in use (${held.join(', ')}); retry shortly`, { headers: { 'Retry-After': '1' } });
    }
  }
}
