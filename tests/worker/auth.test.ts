/**
 * Bearer auth through the real entry point, with the test project's API_TOKEN
 * binding (vitest.config.ts): public paths stay open, everything else needs the
 * token, and the token never appears in a response.
 */
import { describe, expect, it } from 'vitest';
import { timingSafeEqualStrings } from '../../src/middleware/bearer-auth.ts';
import { BASE, bindings, errorOf, postJson, worker } from './helpers.ts';

const token = bindings.API_TOKEN;

describe('bearer auth (API_TOKEN set)', () => {
  it('has a token configured in the test project', () => {
    expect(token.length).toBeGreaterThan(8);
  });

  it('keeps GET /health and GET / public', async () => {
    const health = await worker.fetch(`${BASE}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok' });
    const page = await worker.fetch(`${BASE}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('Content-Type')).toMatch(/^text\/html/);
  });

  it('answers 401 JSON with WWW-Authenticate when the header is missing', async () => {
    for (const res of [await worker.fetch(`${BASE}/model`), await worker.fetch(`${BASE}/translate`, postJson({ text: 'hi' }))]) {
      expect(res.status).toBe(401);
      expect(res.headers.get('WWW-Authenticate')).toBe('Bearer realm="edge-mt"');
      expect(await errorOf(res)).toEqual({ code: 'unauthorized', message: expect.stringMatching(/missing Authorization/) });
    }
  });

  it('answers 401 for a wrong token, a token prefix and a non-Bearer scheme', async () => {
    const headers = [`Bearer wrong-${token}`, `Bearer ${token.slice(0, -1)}`, `Basic ${btoa(`user:${token}`)}`, 'Bearer'];
    for (const authorization of headers) {
      const res = await worker.fetch(`${BASE}/translate`, postJson({ text: 'hi' }, { Authorization: authorization }));
      const text = await res.text();
      expect(res.status, authorization).toBe(401);
      expect(text).not.toContain(token);
      expect(text).not.toContain(token.slice(0, -1));
    }
  });

  it('lets a request with the right token through to validation and the model', async () => {
    const auth = { Authorization: `Bearer ${token}` };
    const invalid = await worker.fetch(`${BASE}/translate`, postJson({ text: '' }, auth));
    expect(invalid.status).toBe(400);
    // A valid request reaches the real (bundled) model and is translated.
    const valid = await worker.fetch(`${BASE}/translate`, postJson({ text: 'hello' }, auth));
    expect(valid.status).toBe(200);
    const body = (await valid.json()) as { translations: { translation: string }[] };
    expect(typeof body.translations[0].translation).toBe('string');
    expect(JSON.stringify(body)).not.toContain(token);
  });

  it('accepts the scheme case-insensitively', async () => {
    const res = await worker.fetch(`${BASE}/bleu`, postJson({ hypotheses: ['a b'], references: ['a b'] }, { Authorization: `bearer ${token}` }));
    expect(res.status).toBe(200);
  });
});

describe('timingSafeEqualStrings', () => {
  it('is true only for identical strings', async () => {
    expect(await timingSafeEqualStrings('abc', 'abc')).toBe(true);
    expect(await timingSafeEqualStrings('abc', 'abd')).toBe(false);
    expect(await timingSafeEqualStrings('abc', 'abcd')).toBe(false);
    expect(await timingSafeEqualStrings('', 'a')).toBe(false);
  });
});
