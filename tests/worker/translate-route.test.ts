/**
 * POST /translate end to end through the app with a small real translator
 * fixture: response shape, n-best, attention, reference scores, and the Cache API.
 */
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { DEFAULT_ALPHA } from '../../src/limits.ts';
import type { TranslateResponse } from '../../src/routes/translate.ts';
import { wordTranslator } from './fixtures/word-translator.ts';
import { BASE, errorOf, plainEnv, postJson } from './helpers.ts';

function setup() {
  const translator = wordTranslator();
  const app = createApp({ getTranslator: async () => translator });
  const translate = (body: unknown, env = plainEnv()) => app.request(`${BASE}/translate`, postJson(body), env);
  return { translator, app, translate };
}

describe('POST /translate', () => {
  it('translates a single string and fills in the default options', async () => {
    const { translate, translator } = setup();
    const res = await translate({ text: 'The cat is sleeping' });
    expect(res.status).toBe(200);
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    const body = (await res.json()) as TranslateResponse;
    expect(body.model).toBe(translator.modelCard().id);
    expect(body.options).toEqual({ beam: 4, nbest: 1, alpha: DEFAULT_ALPHA, attention: false });
    expect(body.translations).toHaveLength(1);
    expect(body.translations[0]).toMatchObject({ source: 'The cat is sleeping', translation: 'el gato está durmiendo' });
    expect(body.translations[0]!.nbest).toHaveLength(1);
    expect(body.translations[0]!.attention).toBeUndefined();
  });

  it('returns n-best lists best first and an attention matrix of target × source tokens', async () => {
    const { translate } = setup();
    const res = await translate({ text: ['the red house', 'hello world'], beam: 4, nbest: 3, attention: true });
    const body = (await res.json()) as TranslateResponse;
    const [first, second] = body.translations;
    expect(first!.nbest.map((h) => h.text)).toEqual(['el rojo casa', 'la rojo casa', 'el roja casa']);
    expect(first!.nbest.map((h) => h.score)).toEqual([...first!.nbest.map((h) => h.score)].sort((a, b) => b - a));
    expect(second!.nbest.map((h) => h.text)).toEqual(['hola mundo']);
    const att = first!.attention!;
    expect(att.sourceTokens).toEqual(['the', 'red', 'house']);
    expect(att.targetTokens).toEqual(['el', 'rojo', 'casa']);
    expect(att.weights).toHaveLength(att.targetTokens.length);
    for (const row of att.weights) expect(row).toHaveLength(att.sourceTokens.length);
  });

  it('passes maxLength to the model', async () => {
    const { translate } = setup();
    const body = (await (await translate({ text: 'the dog is on the sofa', maxLength: 2 })).json()) as TranslateResponse;
    expect(body.translations[0]!.translation).toBe('el perro');
    expect(body.translations[0]!.nbest[0]!.finished).toBe(false);
  });

  it('scores translations against references with BLEU and chrF', async () => {
    const { translate } = setup();
    const res = await translate({
      text: ['hello world', 'the cat is sleeping on the sofa'],
      reference: ['hola mundo', 'el gato está durmiendo sobre el sofá'],
    });
    const body = (await res.json()) as TranslateResponse;
    const [exact, wrong] = body.translations;
    expect(exact!.reference).toBe('hola mundo');
    expect(exact!.scores!.bleu.score).toBeCloseTo(100, 6);
    expect(exact!.scores!.chrf.score).toBeCloseTo(100, 6);
    expect(wrong!.scores!.bleu.score).toBeLessThan(100);
    expect(body.scores!.bleu.score).toBeGreaterThan(0);
    expect(body.scores!.bleu.score).toBeLessThan(100);
    expect(body.scores!.lines[0]).toMatch(/^BLEU\|nrefs:1\|/);
  });
});

describe('POST /translate cache', () => {
  it('serves an identical request from the Cache API without running the model', async () => {
    const { translate, translator } = setup();
    const first = await translate({ text: 'hello world', beam: 2 });
    expect(first.headers.get('X-Cache')).toBe('MISS');
    expect(translator.calls).toBe(1);
    const second = await translate({ text: 'hello world', beam: 2 });
    expect(second.status).toBe(200);
    expect(second.headers.get('X-Cache')).toBe('HIT');
    expect(translator.calls).toBe(1);
    expect(await second.json()).toEqual(await first.json());
  });

  it('uses the normalised body as key: string vs array and key order do not matter', async () => {
    const { translate, translator } = setup();
    await translate({ text: 'the dog', nbest: 2, beam: 3 });
    const res = await translate({ beam: 3, text: ['the dog'], nbest: 2, alpha: DEFAULT_ALPHA });
    expect(res.headers.get('X-Cache')).toBe('HIT');
    expect(translator.calls).toBe(1);
  });

  it('misses when any option or the model changes', async () => {
    const { translate, translator } = setup();
    await translate({ text: 'the house' });
    expect((await translate({ text: 'the house', beam: 5 })).headers.get('X-Cache')).toBe('MISS');
    expect((await translate({ text: 'the house', attention: true })).headers.get('X-Cache')).toBe('MISS');
    expect(translator.calls).toBe(3);
    const other = setup();
    expect((await other.translate({ text: 'the house' })).headers.get('X-Cache')).toBe('MISS');
  });

  it('bypasses the cache when TRANSLATE_CACHE_TTL is 0', async () => {
    const { translate, translator } = setup();
    const env = plainEnv({ TRANSLATE_CACHE_TTL: '0' });
    await translate({ text: 'hello' }, env);
    const res = await translate({ text: 'hello' }, env);
    expect(res.headers.get('X-Cache')).toBe('BYPASS');
    expect(translator.calls).toBe(2);
  });
});

describe('GET /model', () => {
  it('returns the model card and the limits in force', async () => {
    const { app, translator } = setup();
    const res = await app.request(`${BASE}/model`, {}, plainEnv({ MAX_TEXTS: '3' }));
    expect(res.status).toBe(200);
    expect(res.headers.get('Cache-Control')).toBe('public, max-age=300');
    const body = (await res.json()) as { model: { id: string }; limits: { maxTexts: number; beam: { max: number } } };
    expect(body.model.id).toBe(translator.modelCard().id);
    expect(body.limits.maxTexts).toBe(3);
    expect(body.limits.beam.max).toBe(8);
  });

  it('serves the card of the bundled model, whose id and sha256 come from its manifest', async () => {
    const res = await createApp().request(`${BASE}/model`, {}, plainEnv());
    expect(res.status).toBe(200);
    const body = (await res.json()) as { model: { id: string; dtype: string; weights: Record<string, { sha256: string }>; parameters: number } };
    expect(body.model.id).toMatch(/^en-es-int8-[0-9a-f]{12}$/);
    expect(body.model.id.slice(-12)).toBe(body.model.weights['model.bin'].sha256.slice(0, 12));
    expect(body.model.dtype).toBe('int8');
    expect(body.model.parameters).toBeGreaterThan(1_000_000);
  });
});
