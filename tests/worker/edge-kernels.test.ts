/**
 * edge-mt's fused int8 kernels inside workerd: edge-kernels.wasm, imported as a CompiledWasm
 * module, is registered into the tfjs wasm backend; the shipped model runs the fused int8
 * graph by default and the reference float32 graph with EDGE_KERNELS=reference, and both
 * give the golden translations (tests/fixtures/golden-en-es.json).
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import golden from '../fixtures/golden-en-es.json';
import { createApp } from '../../src/app.ts';
import { ensureWasmBackend } from '../../src/backend/workerd-wasm.ts';
import { fusedKernelsAvailable } from '../../src/model/graph/fused-inference.ts';
import { graphFromEnv, loadTranslator } from '../../src/serving/model-provider.ts';
import type { TranslatorMemory } from '../../src/serving/translator.ts';
import { BASE, plainEnv, postJson } from './helpers.ts';
import { shippedModel } from './shipped-model.ts';

const cases = golden.cases.filter((c) => c.beam === 4);
const opts = { beam: 4, nbest: 1, alpha: 1, attention: false };

describe('fused int8 kernels in workerd', () => {
  it('are registered with the wasm backend', async () => {
    await ensureWasmBackend();
    expect(tf.getBackend()).toBe('wasm');
    expect(fusedKernelsAvailable()).toBe(true);
  });

  it('reads EDGE_KERNELS: "reference" switches to the reference graph, anything else keeps the kernels', () => {
    expect(graphFromEnv(plainEnv())).toBe('fused');
    expect(graphFromEnv(plainEnv({ EDGE_KERNELS: 'fused' }))).toBe('fused');
    expect(graphFromEnv(plainEnv({ EDGE_KERNELS: ' Reference ' }))).toBe('reference');
  });

  it('hold the fused model in int8 (a third of the reference graph\'s tensors) and translate as the reference graph does', async () => {
    const bytes = () => tf.memory().numBytes;
    const b0 = bytes();
    const fused = await loadTranslator(shippedModel(), 'fused');
    const fusedBytes = bytes() - b0;
    const b1 = bytes();
    const reference = await loadTranslator(shippedModel(), 'reference');
    const referenceBytes = bytes() - b1;
    // Reference: float32 recurrent/attention/readout matrices (≈ 16 MB); fused: their int8 codes
    // and the shortlist's int8 always-block (≈ 4 MB). The embedding tables are host memory in both.
    expect(referenceBytes).toBeGreaterThan(3 * fusedBytes);
    expect(fusedBytes).toBeGreaterThan(1e6);
    const texts = cases.map((c) => c.text);
    const [f, r] = [await fused.translate(texts, opts), await reference.translate(texts, opts)];
    expect(f.map((t) => t.translation)).toEqual(cases.map((c) => c.translation));
    expect(r.map((t) => t.translation)).toEqual(cases.map((c) => c.translation));
    f.forEach((t, i) => expect(Math.abs(t.nbest[0].score - r[i].nbest[0].score)).toBeLessThan(1e-3));
  });

  it('serve /translate on either graph, as EDGE_KERNELS says', async () => {
    const app = createApp();
    const tensorBytes: number[] = [];
    for (const EDGE_KERNELS of ['fused', 'reference']) {
      const res = await app.request(`${BASE}/translate`, postJson({ text: cases.map((c) => c.text), beam: 4 }), plainEnv({ TRANSLATE_CACHE_TTL: '0', DIAGNOSTICS: '1', EDGE_KERNELS }));
      expect(res.status).toBe(200);
      const body = (await res.json()) as { translations: { translation: string }[] };
      expect(body.translations.map((t) => t.translation), EDGE_KERNELS).toEqual(cases.map((c) => c.translation));
      tensorBytes.push((JSON.parse(res.headers.get('X-Isolate-Memory')!) as TranslatorMemory).tensorBytes);
    }
    // The reference request loaded a second engine, with float32 matrices (≈ 16 MB): the
    // switch was not ignored.
    expect(tensorBytes[1] - tensorBytes[0]).toBeGreaterThan(10e6);
  });
});
