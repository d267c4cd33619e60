/**
 * With DIAGNOSTICS=1, /translate reports the memory the shipped model holds in the isolate
 * (read inside workerd by bench/worker-latency.ts); without it, nothing is exposed.
 */
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import type { TranslatorMemory } from '../../src/serving/translator.ts';
import { BASE, plainEnv, postJson } from './helpers.ts';

const app = createApp();
const translate = (env = plainEnv()) => app.request(`${BASE}/translate`, postJson({ text: 'Open the file' }), { ...env, TRANSLATE_CACHE_TTL: '0' });

describe('X-Isolate-Memory', () => {
  it('is absent by default', async () => {
    const res = await translate();
    expect(res.status).toBe(200);
    expect(res.headers.get('X-Isolate-Memory')).toBeNull();
  });

  it('reports wasm memory, tensors and the int8 host tables with DIAGNOSTICS=1', async () => {
    const res = await translate(plainEnv({ DIAGNOSTICS: '1' }));
    expect(res.status).toBe(200);
    const m = JSON.parse(res.headers.get('X-Isolate-Memory')!) as TranslatorMemory;
    expect(m.tensors).toBeGreaterThan(10);
    // The fused graph's int8 matrices (3.7 MB) and the shortlist's int8 output block (0.5 MB)
    // are counted (the reference float32 graph held 16.5 MB of tensors).
    expect(m.tensorBytes).toBeGreaterThan(4e6);
    expect(m.wasmMemoryBytes).toBeGreaterThan(m.tensorBytes);
    // Two 8000 × 256 embedding tables in int8 with one float32 scale per row.
    expect(m.hostBytes).toBe(2 * (8000 * 256 + 8000 * 4));
  });
});
