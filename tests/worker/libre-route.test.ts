/**
 * The LibreTranslate-compatible API (/libre) through the real entry point with the real
 * model: auth by api_key, LibreTranslate's error messages and statuses, JSON and form
 * bodies, arrays, alternatives, `auto`, and HTML whose markup comes back intact.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { LibreTranslateResponse } from '../../src/routes/libre.ts';
import type { TranslateResponse } from '../../src/routes/translate.ts';
import { BASE, bindings, postJson, worker } from './helpers.ts';

const KEY = bindings.API_TOKEN;

async function libre(body: Record<string, unknown>, withKey = true): Promise<{ status: number; body: LibreTranslateResponse & { error?: string } }> {
  const res = await worker.fetch(`${BASE}/libre/translate`, postJson(withKey ? { api_key: KEY, ...body } : body));
  return { status: res.status, body: (await res.json()) as LibreTranslateResponse & { error?: string } };
}

/** The same text through POST /translate (beam 4, like the LibreTranslate route). */
async function nativeTranslation(text: string, nbest = 1): Promise<string[]> {
  const res = await worker.fetch(`${BASE}/translate`, postJson({ text, beam: Math.max(4, nbest), nbest }, { Authorization: `Bearer ${KEY}` }));
  expect(res.status).toBe(200);
  return ((await res.json()) as TranslateResponse).translations[0]!.nbest.map((h) => h.text);
}

const tags = (html: string) => (html.match(/<[^>]+>/g) ?? []).sort();

beforeAll(async () => {
  await nativeTranslation('Open the file'); // loads the model
}, 240_000);

describe('GET /libre/languages', () => {
  it('lists English with its target Spanish, without a key', async () => {
    const res = await worker.fetch(`${BASE}/libre/languages`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual([
      { code: 'en', name: 'English', targets: ['es'] },
      { code: 'es', name: 'Spanish', targets: [] },
    ]);
  });
});

describe('POST /libre/translate: auth and errors in LibreTranslate shape', () => {
  it('asks for a key when API_TOKEN is set and none is sent (400), and refuses a wrong one (403)', async () => {
    expect(await libre({ q: 'Open the file', source: 'en', target: 'es' }, false)).toEqual({
      status: 400,
      body: { error: 'Please contact the server operator to get an API key' },
    });
    expect(await libre({ q: 'Open the file', source: 'en', target: 'es', api_key: `${KEY}x` }, false)).toEqual({ status: 403, body: { error: 'Invalid API key' } });
  });

  it('accepts the key as a Bearer header too', async () => {
    const res = await worker.fetch(`${BASE}/libre/translate`, postJson({ q: 'Open the file', source: 'en', target: 'es' }, { Authorization: `Bearer ${KEY}` }));
    expect(res.status).toBe(200);
  });

  it('answers each bad request with LibreTranslate\'s 400 message', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ source: 'en', target: 'es' }, 'Invalid request: missing q parameter'],
      [{ q: '', source: 'en', target: 'es' }, 'Invalid request: missing q parameter'],
      [{ q: [], source: 'en', target: 'es' }, 'Invalid request: missing q parameter'],
      [{ q: 'hi', target: 'es' }, 'Invalid request: missing source parameter'],
      [{ q: 'hi', source: 'en' }, 'Invalid request: missing target parameter'],
      [{ q: [1, 2], source: 'en', target: 'es' }, 'Invalid request: q parameter must be a string or an array of strings'],
      [{ q: 'hi', source: 'en', target: 'es', alternatives: 'many' }, 'Invalid request: alternatives parameter is not a number'],
      [{ q: 'hi', source: 'en', target: 'es', alternatives: 8 }, 'Invalid request: alternatives parameter must be <= 7'],
      [{ q: Array(17).fill('hi'), source: 'en', target: 'es' }, 'Invalid request: request (17) exceeds text limit (16)'],
      [{ q: 'a'.repeat(1001), source: 'en', target: 'es' }, 'Invalid request: request (1001) exceeds text limit (1000)'],
      [{ q: 'hi', source: 'en', target: 'es', format: 'markdown' }, 'markdown format is not supported'],
      [{ q: 'hi', source: 'fr', target: 'es' }, 'fr is not supported'],
      [{ q: 'hi', source: 'en', target: 'de' }, 'de is not supported'],
      [{ q: 'Hola', source: 'es', target: 'en' }, 'English (en) is not available as a target language from Spanish (es)'],
      [{ q: '¿Desea guardar los cambios?', source: 'auto', target: 'es' }, 'Spanish (es) is not available as a target language from Spanish (es)'],
    ];
    for (const [body, error] of cases) expect(await libre(body), JSON.stringify(body).slice(0, 80)).toEqual({ status: 400, body: { error } });
  });

  it('answers malformed JSON and non-object JSON with "Invalid JSON format"', async () => {
    for (const raw of ['{"q": "hi",', '["hi"]', 'null']) {
      const res = await worker.fetch(`${BASE}/libre/translate`, postJson(raw));
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ error: 'Invalid JSON format' });
    }
  });

  it('answers other methods with 405 in LibreTranslate shape', async () => {
    const res = await worker.fetch(`${BASE}/libre/translate`);
    expect(res.status).toBe(405);
    expect(await res.json()).toEqual({ error: 'The method is not allowed for the requested URL.' });
  });
});

describe('POST /libre/translate: translations', () => {
  it('translates a string like POST /translate does, with no extra fields', async () => {
    const { status, body } = await libre({ q: 'Open the file', source: 'en', target: 'es' });
    expect(status).toBe(200);
    expect(body).toEqual({ translatedText: (await nativeTranslation('Open the file'))[0] });
  });

  it('accepts a form-encoded body, as LibreTranslate does', async () => {
    const form = new URLSearchParams({ q: 'Save the document', source: 'en', target: 'es', api_key: KEY });
    const res = await worker.fetch(`${BASE}/libre/translate`, { method: 'POST', body: form });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ translatedText: (await nativeTranslation('Save the document'))[0] });
  });

  it('translates an array into an array in the same order, blank entries staying blank', async () => {
    const q = ['Open the file', '', 'Save the document', 'Print only the current page'];
    const { status, body } = await libre({ q, source: 'en', target: 'es' });
    expect(status).toBe(200);
    const expected = [(await nativeTranslation(q[0]!))[0], '', (await nativeTranslation(q[2]!))[0], (await nativeTranslation(q[3]!))[0]];
    expect(body).toEqual({ translatedText: expected });
  });

  it('returns alternatives from the n-best list: distinct, not the translation itself, at most as many as asked', async () => {
    const { body } = await libre({ q: 'Print only the current page', source: 'en', target: 'es', alternatives: 3 });
    const nbest = await nativeTranslation('Print only the current page', 4);
    expect(body.translatedText).toBe(nbest[0]);
    const alternatives = body.alternatives as string[];
    expect(alternatives.length).toBeGreaterThan(0);
    expect(alternatives.length).toBeLessThanOrEqual(3);
    expect(new Set(alternatives).size).toBe(alternatives.length);
    expect(alternatives).not.toContain(body.translatedText);
    for (const a of alternatives) expect(nbest).toContain(a);

    const batch = await libre({ q: ['Open the file', 'Save the document'], source: 'en', target: 'es', alternatives: 2 });
    expect(Array.isArray(batch.body.alternatives)).toBe(true);
    expect(batch.body.alternatives).toHaveLength(2);
    for (const list of batch.body.alternatives as string[][]) expect(list.length).toBeLessThanOrEqual(2);
  });

  it('detects English with "auto" and reports detectedLanguage (one per text for arrays)', async () => {
    const single = await libre({ q: 'Show hidden files in the folder', source: 'auto', target: 'es' });
    expect(single.status).toBe(200);
    expect(single.body.translatedText).toBe((await nativeTranslation('Show hidden files in the folder'))[0]);
    const detected = single.body.detectedLanguage as { language: string; confidence: number };
    expect(detected.language).toBe('en');
    expect(detected.confidence).toBeGreaterThan(50);
    expect(detected.confidence).toBeLessThanOrEqual(100);

    const batch = await libre({ q: ['Open the file', 'Save the document'], source: 'auto', target: 'es' });
    expect(batch.status).toBe(200);
    expect(batch.body.detectedLanguage).toHaveLength(2);
    for (const d of batch.body.detectedLanguage as Array<{ language: string }>) expect(d.language).toBe('en');
  });

  it('keeps every tag of real HTML with format "html", block structure unchanged', async () => {
    const html = [
      '<p>Open the <b>file</b> now.</p>',
      '<ul><li>Print the document</li><li><a href="/help?topic=save&amp;lang=en" title="Help">Save the document</a></li></ul>',
      '<h1>Settings</h1>\n<p>Select a color for the <em>background</em>.</p><script>var s = "<p>do not translate</p>";</script>',
    ];
    const { status, body } = await libre({ q: html, source: 'en', target: 'es', format: 'html' });
    expect(status).toBe(200);
    const out = body.translatedText as string[];
    expect(out).toHaveLength(html.length);
    for (const [i, source] of html.entries()) {
      expect(tags(out[i]!), out[i]).toEqual(tags(source));
      expect(out[i]).not.toBe(source);
    }
    // Blocks are translated one by one: each block of the output is the translation of that block alone.
    expect(out[0]).toMatch(/^<p>.*<b>.+<\/b>.*<\/p>$/);
    expect(out[1]).toContain(`<li>${(await nativeTranslation('Print the document'))[0]}</li>`);
    expect(out[2]).toContain(`<h1>${(await nativeTranslation('Settings'))[0]}</h1>\n<p>`);
    expect(out[2]).toContain('<script>var s = "<p>do not translate</p>";</script>');
  });
});
