/**
 * A damaged model never serves: inside workerd, `loadTranslator` fed corrupted copies of
 * the bundled bytes (truncated, bit-flipped, wrong version, wrong magic, manifest sha256
 * mismatch... see tests/unit/integrity-corruptions.ts) makes every model route answer
 * 503 `model_unavailable` with the reason, while /health and /bleu keep answering 200.
 * The intact copy loads and translates (so the harness is not what fails), and the
 * failed loads leave no tensor behind.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { loadTranslator } from '../../src/serving/model-provider.ts';
import { CORRUPTIONS, intactCopy, type ModelBytes } from '../unit/integrity-corruptions.ts';
import { BASE, errorOf, plainEnv, postJson } from './helpers.ts';
import { shippedModel } from './shipped-model.ts';

const bundledBytes = (): ModelBytes => shippedModel();

/** A private copy of the byte map for loadTranslator. */
const asBundle = (files: ModelBytes): ModelBytes => Object.fromEntries(Object.entries(files).map(([k, v]) => [k, v.slice()]));

function appFor(files: ModelBytes) {
  const bundle = asBundle(files);
  return createApp({ getTranslator: () => loadTranslator(bundle) });
}

const env = plainEnv({ TRANSLATE_CACHE_TTL: '0' });

describe('corrupted model files in the Worker', () => {
  it('loads and translates with an intact copy of the bundled files', async () => {
    const app = appFor(await intactCopy(bundledBytes()));
    expect((await app.request(`${BASE}/model`, {}, env)).status).toBe(200);
    const res = await app.request(`${BASE}/translate`, postJson({ text: 'Open the file', beam: 1, maxLength: 8 }), env);
    expect(res.status).toBe(200);
  }, 120_000);

  for (const corruption of CORRUPTIONS) {
    it(`answers 503 with the reason on every model route: ${corruption.name}`, async () => {
      const app = appFor(await corruption.apply(bundledBytes()));
      const tensors = tf.memory().numTensors;
      const responses = [
        await app.request(`${BASE}/model`, {}, env),
        await app.request(`${BASE}/translate`, postJson({ text: 'Open the file', beam: 1 }), env),
      ];
      for (const res of responses) {
        const error = await errorOf(res);
        expect(res.status, error.message).toBe(503);
        expect(error.code).toBe('model_unavailable');
        expect(error.message).toMatch(/^model failed its integrity check: /);
        expect(error.message).toMatch(corruption.message);
        expect(error.message).not.toMatch(/\n/);
      }
      expect(tf.memory().numTensors).toBe(tensors);

      const health = await app.request(`${BASE}/health`, {}, env);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'ok' });
      const bleu = await app.request(`${BASE}/bleu`, postJson({ hypotheses: ['a b c'], references: ['a b c'] }), env);
      expect(bleu.status).toBe(200);
    }, 60_000);
  }

  it('still rejects a request body before touching the broken model', async () => {
    const app = appFor(await CORRUPTIONS[0]!.apply(bundledBytes()));
    const res = await app.request(`${BASE}/translate`, postJson({ text: '' }), env);
    expect(res.status).toBe(400);
  });
});
