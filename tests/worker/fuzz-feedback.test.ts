/**
 * Bad-input fuzzing of the feedback API and of the translation memory inside workerd, with
 * the real local D1 and the fuzz harness of tests/worker/fuzz-*.ts: random JSON, structured
 * bodies with hostile texts (lone surrogates, control characters, RTL, placeholders…), raw
 * invalid UTF-8 and random query strings. Every answer is a 200/201 with a well-formed body
 * or a 4xx JSON error, never a 5xx or a hang; and every stored hostile correction, once
 * accepted, comes back exactly from /translate with origin "memory".
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { env } from 'cloudflare:workers';
import type { Env } from '../../src/env.ts';
import { getTranslator } from '../../src/serving/model-provider.ts';
import { INVALID_UTF8, hostileText, optionValue } from './fuzz-inputs.ts';
import { checkResponse, withinMs } from './fuzz-response.ts';
import { BASE, bindings } from './helpers.ts';

const REQUEST_MS = 30_000;
const app = createApp({ getTranslator });
// The real bindings (FEEDBACK_DB, API_TOKEN), with a rate limit no fuzz run reaches.
const fuzzEnv = { ...(env as object), FEEDBACK_RATE_LIMIT: '100000', TRANSLATE_CACHE_TTL: '0' } as Env;
const auth = { Authorization: `Bearer ${bindings.API_TOKEN}` };
const cases: Record<string, number> = {};

async function post(category: string, path: string, body: string | Uint8Array): Promise<{ status: number; body: Record<string, unknown> }> {
  cases[category] = (cases[category] ?? 0) + 1;
  const label = `${category} ${path} ${typeof body === 'string' ? body.slice(0, 120) : `<${body.length} bytes>`}`;
  const res = await withinMs(REQUEST_MS, label, Promise.resolve(app.request(`${BASE}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...auth }, body: body as BodyInit }, fuzzEnv)));
  return checkResponse(res, '/feedback', label);
}

afterAll(() => {
  const total = Object.values(cases).reduce((a, b) => a + b, 0);
  console.log(`fuzz-feedback: ${total} requests; ${Object.entries(cases).map(([k, v]) => `${k}=${v}`).join(' ')}`);
});

describe('POST /feedback under random and hostile bodies', () => {
  it('answers 200/201 or a 4xx JSON error to 600 random JSON values', async () => {
    await fc.assert(fc.asyncProperty(fc.jsonValue({ maxDepth: 5 }), async (v) => { await post('random-json', '/feedback', JSON.stringify(v)); }), { numRuns: 600 });
  }, 180_000);

  it('answers 200/201 or a 4xx JSON error to 600 structured bodies with hostile texts and wrong types', async () => {
    const field = fc.oneof(hostileText(), hostileText(300), optionValue);
    const body = fc.record({ source: field, translation: field, correction: field, model: field, context: field, extra: fc.jsonValue({ maxDepth: 2 }) },
      { requiredKeys: ['source', 'correction'] });
    await fc.assert(fc.asyncProperty(body, async (v) => { await post('structured', '/feedback', JSON.stringify(v)); }), { numRuns: 600 });
  }, 180_000);

  it('answers 400 JSON to bodies with invalid UTF-8', async () => {
    for (const bad of INVALID_UTF8) {
      const bytes = new Uint8Array([...new TextEncoder().encode('{"source":"a'), ...bad, ...new TextEncoder().encode('","translation":"b","correction":"c"}')]);
      const r = await post('invalid-utf8', '/feedback', bytes);
      expect(r.status === 201 || r.status === 200 || r.status === 400).toBe(true);
    }
  });

  it('answers 200, 400 or 404 JSON to 300 random accept ids and export queries', async () => {
    await fc.assert(fc.asyncProperty(fc.oneof(fc.string({ maxLength: 20 }), fc.integer().map(String)), async (id) => {
      cases['accept-id'] = (cases['accept-id'] ?? 0) + 1;
      const res = await app.request(`${BASE}/feedback/${encodeURIComponent(id)}/accept`, { method: 'POST', headers: auth }, fuzzEnv);
      expect([200, 400, 404, 405], `${id}: ${res.status}`).toContain(res.status);
      if (res.status !== 200) expect(res.headers.get('Content-Type')).toMatch(/^application\/json/);
      await res.arrayBuffer();
    }), { numRuns: 150 });
    const key = fc.constantFrom('since', 'format', 'status', 'limit', 'other');
    await fc.assert(fc.asyncProperty(fc.dictionary(key, fc.string({ maxLength: 30 }), { maxKeys: 3 }), async (q) => {
      cases['export-query'] = (cases['export-query'] ?? 0) + 1;
      const res = await app.request(`${BASE}/feedback?${new URLSearchParams(q)}`, { headers: auth }, fuzzEnv);
      expect([200, 400], `${JSON.stringify(q)}: ${res.status}`).toContain(res.status);
      expect(res.headers.get('Content-Type')).toMatch(res.status === 200 ? /^text\// : /^application\/json/);
      await res.arrayBuffer();
    }), { numRuns: 150 });
  }, 120_000);

  it('serves 40 accepted hostile corrections back exactly from the memory', async () => {
    const tag = Math.random().toString(36).slice(2, 8);
    const pairs = fc.tuple(hostileText(), hostileText(), fc.option(hostileText(20), { nil: undefined }));
    await fc.assert(fc.asyncProperty(pairs, async ([src, correction, context]) => {
      const source = `${tag} ${src}`;
      const posted = await post('memory', '/feedback', JSON.stringify({ source, translation: 'x', correction, ...(context === undefined ? {} : { context }) }));
      if (posted.status >= 400) return; // e.g. a blank correction, or a NUL: rejected, nothing to look up
      const id = (posted.body.feedback as { id: number }).id;
      expect((await app.request(`${BASE}/feedback/${id}/accept`, { method: 'POST', headers: auth }, fuzzEnv)).status).toBe(200);
      const res = await app.request(`${BASE}/translate`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...auth }, body: JSON.stringify({ text: source, beam: 1, maxLength: 4, ...(context === undefined ? {} : { context }) }) }, fuzzEnv);
      const { body } = await checkResponse(res, '/translate', `memory ${JSON.stringify(source).slice(0, 80)}`, { texts: 1 });
      const t = (body.translations as { origin: string; translation: string }[])[0]!;
      // Sources carry a fresh tag and are accepted one at a time, so the latest accepted correction is this one.
      expect(t.origin).toBe('memory');
      expect(t.translation).toBe(correction);
    }), { numRuns: 40 });
  }, 240_000);
});
