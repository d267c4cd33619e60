/**
 * The shipped model inside workerd: the real bundled int8 weights on the SIMD wasm
 * backend must reproduce, exactly, the translations the same engine produced in Node
 * (tests/fixtures/golden-en-es.json, written by `npm run golden`). It also checks that
 * translating leaks no tensors.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import golden from '../fixtures/golden-en-es.json';
import { createApp } from '../../src/app.ts';
import { BASE, plainEnv, postJson } from './helpers.ts';

const app = createApp();
const translate = (body: unknown) => app.request(`${BASE}/translate`, postJson(body), plainEnv({ TRANSLATE_CACHE_TTL: '0' }));

describe('shipped model in workerd', () => {
  it('is the model the golden file was made with (rerun npm run golden after an export)', async () => {
    const res = await app.request(`${BASE}/model`, {}, plainEnv());
    expect(((await res.json()) as { model: { id: string } }).model.id).toBe(golden.model_id);
  });

  for (const beam of [1, 4]) {
    it(`reproduces the Node translations with beam ${beam}`, async () => {
      const cases = golden.cases.filter((c) => c.beam === beam);
      const res = await translate({ text: cases.map((c) => c.text), beam });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { translations: { translation: string; nbest: { score: number }[] }[] };
      body.translations.forEach((t, i) => {
        expect(t.translation, cases[i].text).toBe(cases[i].translation);
        expect(t.nbest[0].score).toBeCloseTo(cases[i].score, 4);
      });
    });
  }

  it('runs on the wasm backend and leaks no tensors across 50 requests', async () => {
    await translate({ text: 'warm up' });
    expect(tf.getBackend()).toBe('wasm');
    const before = tf.memory().numTensors;
    for (let i = 0; i < 50; i++) {
      const res = await translate({ text: `Open file number ${i}`, beam: 1 + (i % 4), attention: i % 2 === 0 });
      expect(res.status).toBe(200);
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});
