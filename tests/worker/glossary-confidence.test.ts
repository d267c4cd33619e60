/**
 * POST /translate with the shipped model inside workerd: `glossary` reaches the engine
 * (forced terms, do-not-translate names, plurals), bad glossaries get one clear 400 naming
 * the field, every translation carries `confidence` in [0, 1], and multi-sentence texts
 * keep their placeholders, shortcuts and line breaks.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { MAX_GLOSSARY_ENTRIES, MAX_GLOSSARY_TERM_CHARS } from '../../src/limits.ts';
import type { TranslateResponse } from '../../src/routes/translate.ts';
import { BASE, errorOf, plainEnv, postJson } from './helpers.ts';

const app = createApp();
const translate = (body: unknown) => app.request(`${BASE}/translate`, postJson(body), plainEnv({ TRANSLATE_CACHE_TTL: '0' }));

describe('POST /translate: glossary and confidence (shipped model)', () => {
  beforeAll(async () => { await translate({ text: 'warm up' }); }, 180_000);

  it('forces glossary terms, plural forms and do-not-translate names', async () => {
    const glossary = [{ source: 'file', target: 'fichero' }, { source: 'GNOME', target: 'GNOME' }];
    const res = await translate({ text: ['Open the files in GNOME', 'Delete this file'], glossary });
    expect(res.status).toBe(200);
    const body = (await res.json()) as TranslateResponse;
    expect(body.translations[0].translation).toContain('ficheros');
    expect(body.translations[0].translation).toContain('GNOME');
    expect(body.translations[1].translation).toContain('fichero');
    expect(body.options.glossary).toEqual(glossary);
  });

  it('returns a confidence in [0, 1] with every translation', async () => {
    const res = await translate({ text: ['Open the file', 'Open it. Then close it.', 'xq zzv blorf'] });
    expect(res.status).toBe(200);
    const body = (await res.json()) as TranslateResponse;
    for (const t of body.translations) {
      expect(t.confidence).toBeGreaterThanOrEqual(0);
      expect(t.confidence).toBeLessThanOrEqual(1);
    }
  });

  it('translates a multi-sentence text keeping placeholders, shortcuts and line breaks', async () => {
    const res = await translate({ text: 'Save %s first, e.g. as PDF.\nThen press Ctrl+S. Version v2.0.1 is out.' });
    const t = ((await res.json()) as TranslateResponse).translations[0].translation;
    expect(t.split('\n')).toHaveLength(2);
    for (const p of ['%s', 'Ctrl+S', 'v2.0.1']) expect(t).toContain(p);
  });

  it('rejects bad glossaries with a 400 naming the field', async () => {
    const cases: [unknown, string, RegExp][] = [
      ['file=archivo', 'glossary', /must be an array/],
      [[{ source: 'file' }], 'glossary.0.target', /is required/],
      [[{ source: '  ', target: 'x' }], 'glossary.0.source', /must not be empty/],
      [[{ source: 'file', target: 7 }], 'glossary.0.target', /must be a string/],
      [[{ source: 'file', target: 'archivo', note: 1 }], 'glossary.0.note', /unknown field/],
      [[{ source: 'x'.repeat(MAX_GLOSSARY_TERM_CHARS + 1), target: 'y' }], 'glossary.0.source', new RegExp(`at most ${MAX_GLOSSARY_TERM_CHARS} characters`)],
      [Array.from({ length: MAX_GLOSSARY_ENTRIES + 1 }, (_, i) => ({ source: `t${i}`, target: `u${i}` })), 'glossary', new RegExp(`at most ${MAX_GLOSSARY_ENTRIES} entries`)],
    ];
    for (const [glossary, field, message] of cases) {
      const res = await translate({ text: 'Open the file', glossary });
      const error = await errorOf(res);
      expect(res.status, JSON.stringify(error)).toBe(400);
      expect(error.field).toBe(field);
      expect(error.message).toMatch(message);
    }
  });
});
