/**
 * The model store inside workerd, on the test Worker's real local R2 (seeded with
 * weights/en-es by tests/worker/seed-store.ts): language pairs, pinned versions, GET
 * /models, integrity checks against the pointer, publish read-back, rollback, and the
 * isolate's memory budget (two models fit; past the budget a clear 503, never a crash).
 * The second direction is the shipped model published under other pair names.
 */
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import type { Env } from '../../src/env.ts';
import { enginePool } from '../../src/serving/model-provider.ts';
import type { PoolMemory } from '../../src/serving/engine-pool.ts';
import type { TranslatorMemory } from '../../src/serving/translator.ts';
import { publishModel, readPointer, rollbackModel, sha256Hex, StoreError } from '../../src/store/publish.ts';
import { r2StoreBucket } from '../../src/store/store-bucket.ts';
import { objectKey } from '../../src/store/store-layout.ts';
import { BASE, errorOf, plainEnv, postJson } from './helpers.ts';
import { shippedModel, shippedModelAs } from './shipped-model.ts';

const MODELS = (env as unknown as Env).MODELS!;
const bucket = r2StoreBucket(MODELS);
const app = createApp();
const SHIPPED_ID = JSON.parse(new TextDecoder().decode(shippedModel()['manifest.json'])).model_id as string;

const translate = (body: Record<string, unknown>, extra: Partial<Env> = {}) =>
  app.request(`${BASE}/translate`, postJson({ text: 'Open the file', beam: 1, ...body }), plainEnv({ TRANSLATE_CACHE_TTL: '0', ...extra }));
const modelOf = async (res: Response) => ((await res.json()) as { model: string }).model;

beforeAll(async () => {
  await publishModel(bucket, shippedModelAs('es-en', 'es-en-copy-of-en-es'));
  await publishModel(bucket, shippedModelAs('en-es', 'en-es-canary'), { activate: false });
  expect((await translate({})).status).toBe(200); // the first load also starts tfjs (slow on a busy machine)
}, 180_000);

describe('language pairs and versions', () => {
  it('serves en→es by default and names the unsupported pair with a 400', async () => {
    const ok = await translate({});
    expect(ok.status).toBe(200);
    expect(await modelOf(ok)).toBe(SHIPPED_ID);
    const res = await translate({ source: 'fr', target: 'de' });
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.code).toBe('unsupported_pair');
    expect(error.message).toMatch(/^unsupported language pair fr→de: available pairs are .*en-es/);
    const bad = await translate({ source: 'English' });
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).field).toBe('source');
  });

  it('serves the second direction from its own pointer', async () => {
    const res = await translate({ source: 'es', target: 'en' });
    expect(res.status).toBe(200);
    expect(await modelOf(res)).toBe('es-en-copy-of-en-es');
    const card = await app.request(`${BASE}/model?source=es&target=en`, {}, plainEnv());
    expect(((await card.json()) as { model: { id: string; sourceLanguage: string; targetLanguage: string } }).model).toMatchObject({ id: 'es-en-copy-of-en-es', sourceLanguage: 'es', targetLanguage: 'en' });
  });

  it('pins a published version with "model", and rejects an unpublished one', async () => {
    const pinned = await translate({ model: 'en-es-canary' });
    expect(pinned.status).toBe(200);
    expect(await modelOf(pinned)).toBe('en-es-canary');
    expect(await modelOf(await translate({}))).toBe(SHIPPED_ID); // the active one is unchanged
    const res = await translate({ model: 'en-es-nope' });
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error).toMatchObject({ code: 'unknown_model', field: 'model' });
    expect(error.message).toMatch(/^model en-es-nope is not a published version of en-es \(published: .*en-es-canary/);
  });

  it('lists pairs, active versions and scores in GET /models', async () => {
    const res = await app.request(`${BASE}/models`, {}, plainEnv());
    expect(res.status).toBe(200);
    const body = (await res.json()) as { pairs: { pair: string; active: string; versions: { id: string; active: boolean; scores: { test?: unknown } | null }[] }[] };
    const enEs = body.pairs.find((p) => p.pair === 'en-es')!;
    expect(enEs.active).toBe(SHIPPED_ID);
    expect(enEs.versions.map((v) => v.id).sort()).toEqual(['en-es-canary', SHIPPED_ID].sort());
    expect(enEs.versions.find((v) => v.id === SHIPPED_ID)!.scores!.test).toBeDefined();
    expect(body.pairs.find((p) => p.pair === 'es-en')!.active).toBe('es-en-copy-of-en-es');
  });
});

describe('publish, rollback and corruption', () => {
  it('flips to a new version on publish and back on rollback, each from the next request', async () => {
    await publishModel(bucket, shippedModelAs('en-xa', 'en-xa-v1'));
    expect(await modelOf(await translate({ target: 'xa' }))).toBe('en-xa-v1');
    await publishModel(bucket, shippedModelAs('en-xa', 'en-xa-v2'));
    expect(await modelOf(await translate({ target: 'xa' }))).toBe('en-xa-v2');
    const r = await rollbackModel(bucket, 'en-xa');
    expect(r).toMatchObject({ from: 'en-xa-v2', to: 'en-xa-v1' });
    expect(await modelOf(await translate({ target: 'xa' }))).toBe('en-xa-v1');
  });

  it('answers 503 naming the object when a stored object does not match the pointer', async () => {
    await publishModel(bucket, shippedModelAs('en-xb', 'en-xb-v1'));
    const key = objectKey('en-xb', 'en-xb-v1', 'tokenizer.json');
    const good = (await bucket.get(key))!;
    const bad = good.slice();
    bad[10] ^= 0x20;
    await MODELS.put(key, bad); // bit rot in the store
    const res = await translate({ target: 'xb' });
    expect(res.status).toBe(503);
    const error = await errorOf(res);
    expect(error.code).toBe('model_unavailable');
    expect(error.message).toBe(`model failed its integrity check: ${key} has sha256 ${await sha256Hex(bad)} (${bad.length} bytes), the pointer expects ${await sha256Hex(good)} (${good.length} bytes)`);
    expect((await app.request(`${BASE}/health`, {}, plainEnv())).status).toBe(200);
  });

  it('refuses a publish whose objects do not read back intact, and leaves the pointer', async () => {
    await publishModel(bucket, shippedModelAs('en-xc', 'en-xc-v1'));
    const candidate = shippedModelAs('en-xc', 'en-xc-v2');
    const key = objectKey('en-xc', 'en-xc-v2', 'model.bin');
    const damaged = candidate['model.bin']!.slice();
    damaged[damaged.length - 1] ^= 1;
    // A damaged object already at the key, recorded with the right sha256 (bit rot after an earlier upload).
    await MODELS.put(key, damaged, { customMetadata: { sha256: await sha256Hex(candidate['model.bin']!) } });
    await expect(publishModel(bucket, candidate)).rejects.toThrow(StoreError);
    await expect(publishModel(bucket, candidate)).rejects.toThrow(new RegExp(`^read-back failed: ${key} has sha256 [0-9a-f]{64} .*the pointer was not changed$`));
    expect((await readPointer(bucket, 'en-xc'))!.active).toBe('en-xc-v1');
    expect(await modelOf(await translate({ target: 'xc' }))).toBe('en-xc-v1');
  });
});

describe('memory budget', () => {
  const memoryOf = (res: Response) => JSON.parse(res.headers.get('X-Isolate-Memory')!) as TranslatorMemory & { pool: PoolMemory };

  it('holds two models within the budget, measured', async () => {
    const a = await translate({ beam: 4 }, { DIAGNOSTICS: '1' });
    const b = await translate({ beam: 4, source: 'es', target: 'en' }, { DIAGNOSTICS: '1' });
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    const m = memoryOf(b);
    const keys = m.pool.models.map((x) => x.key);
    expect(keys).toContain(`en-es/${SHIPPED_ID}`);
    expect(keys).toContain('es-en/es-en-copy-of-en-es');
    expect(m.pool.heldBytes).toBeLessThanOrEqual(m.pool.budgetBytes);
    // What the isolate really holds for the models: the tfjs wasm memory (all tensors of
    // every loaded model, XNNPACK packed weights) and the int8 host tables of each.
    const held = m.wasmMemoryBytes + m.pool.models.length * m.hostBytes;
    console.log(`[measure] ${m.pool.models.length} models loaded (${keys.join(', ')}): wasm memory ${(m.wasmMemoryBytes / 2 ** 20).toFixed(1)} MB, tensors ${(m.tensorBytes / 2 ** 20).toFixed(1)} MB, host tables ${(m.pool.models.length * m.hostBytes / 2 ** 20).toFixed(1)} MB; accounted ${(m.pool.heldBytes / 2 ** 20).toFixed(1)} of ${(m.pool.budgetBytes / 2 ** 20).toFixed(1)} MB`);
    expect(held).toBeLessThanOrEqual(m.pool.budgetBytes);
  });

  it('answers 503 model_over_budget, not a crash, for a model past the budget, and still serves', async () => {
    const res = await translate({ target: 'xa' }, { MODEL_MEMORY_BUDGET_MB: '30' });
    expect(res.status).toBe(503);
    const error = await errorOf(res);
    expect(error.code).toBe('model_over_budget');
    expect(error.message).toMatch(/^cannot load en-xa\/en-xa-v1: it needs about [\d.]+ MB, more than the isolate's model memory budget of 30.0 MB$/);
    expect((await translate({})).status).toBe(200);
  });

  it('evicts the least recently used idle model to load a third one within the budget', async () => {
    await translate({});
    await translate({ source: 'es', target: 'en' });
    const before = enginePool(plainEnv()).memory().models.map((m) => m.key);
    expect(before.slice(-2)).toEqual([`en-es/${SHIPPED_ID}`, 'es-en/es-en-copy-of-en-es']);
    const third = await translate({ target: 'xa' }, { DIAGNOSTICS: '1' });
    expect(third.status).toBe(200);
    const m = memoryOf(third);
    expect(m.pool.models.map((x) => x.key)).toEqual(['es-en/es-en-copy-of-en-es', 'en-xa/en-xa-v1']);
    expect(m.pool.heldBytes).toBeLessThanOrEqual(m.pool.budgetBytes);
  });
});
