/**
 * Rate limiting in workerd with miniflare's real rate-limiting binding: the app runs with
 * RATE_LIMITER swapped for RATE_LIMITER_TIGHT (3 requests per 60 s, vitest.config.ts).
 * Requests within the limit are answered exactly as without a limit; past it, /translate,
 * /bleu and /libre/translate answer 429 with Retry-After, each in its own error shape; keys
 * are per client IP without a token and per API key with one.
 *
 * The binding counts in fixed 60 s windows: a scenario that straddles a window boundary
 * (the counter restarts) is run again with fresh client IPs.
 */
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { app } from '../../src/app.ts';
import type { Env } from '../../src/env.ts';
import type { TranslateResponse } from '../../src/routes/translate.ts';
import { BASE, bindings, errorOf, postJson } from './helpers.ts';

const TIGHT_LIMIT = 3;
const all = env as unknown as Env & { RATE_LIMITER_TIGHT: RateLimit };
/** The test bindings with the tight limiter; no token unless `withToken`. */
const tightEnv = (withToken = false, extra: Partial<Env> = {}): Env => ({
  ...all,
  RATE_LIMITER: all.RATE_LIMITER_TIGHT,
  API_TOKEN: withToken ? bindings.API_TOKEN : undefined,
  ...extra,
});
const generousEnv = (): Env => ({ ...all, API_TOKEN: undefined });

let run = 0;
/** A client IP no other scenario used. */
const freshIp = () => `198.51.100.${++run}`;
const minute = () => Math.floor(Date.now() / 60_000);

/** Runs `scenario` until it fits in one rate-limit window (at most 3 tries). */
async function inOneWindow<T>(scenario: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const before = minute();
    const result = await scenario();
    if (minute() === before || attempt === 2) return result;
  }
}

const translateBody = (i: number) => ({ text: `Open the file number ${i}`, beam: 1 });

beforeAll(async () => {
  // Load the model first, so the scenarios are short (a window boundary is then unlikely).
  const res = await app.request(`${BASE}/translate`, postJson({ text: 'Open the file', beam: 1 }), generousEnv());
  expect(res.status).toBe(200);
}, 240_000);

describe('rate limit (Workers rate-limiting binding, simulated by miniflare)', () => {
  it('answers /translate normally within the limit and 429 with Retry-After past it, per client IP', async () => {
    const { within, over, other } = await inOneWindow(async () => {
      const ip = freshIp();
      const within: Response[] = [];
      for (let i = 0; i < TIGHT_LIMIT; i++) {
        within.push(await app.request(`${BASE}/translate`, postJson(translateBody(i), { 'CF-Connecting-IP': ip }), tightEnv()));
      }
      const over = await app.request(`${BASE}/translate`, postJson(translateBody(9), { 'CF-Connecting-IP': ip }), tightEnv());
      const other = await app.request(`${BASE}/translate`, postJson(translateBody(0), { 'CF-Connecting-IP': freshIp() }), tightEnv());
      return { within, over, other };
    });
    for (const [i, res] of within.entries()) {
      expect(res.status).toBe(200);
      const unlimited = await app.request(`${BASE}/translate`, postJson(translateBody(i)), generousEnv());
      const a = (await res.json()) as TranslateResponse;
      const b = (await unlimited.json()) as TranslateResponse;
      expect(a.translations[0]!.translation.length).toBeGreaterThan(0);
      expect(a.translations).toEqual(b.translations);
    }
    expect(over.status).toBe(429);
    const retryAfter = Number(over.headers.get('Retry-After'));
    expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
    expect(await errorOf(over)).toEqual({ code: 'rate_limited', message: expect.stringContaining(`retry in ${retryAfter} s`) });
    expect(other.status).toBe(200); // another client is not affected
  });

  it('answers /libre/translate 429 in LibreTranslate shape with Retry-After past the limit', async () => {
    const { within, over } = await inOneWindow(async () => {
      const ip = freshIp();
      const send = (q: string) => app.request(`${BASE}/libre/translate`, postJson({ q, source: 'en', target: 'es' }, { 'CF-Connecting-IP': ip }), tightEnv());
      const within: Response[] = [];
      for (let i = 0; i < TIGHT_LIMIT; i++) within.push(await send(`Save the document ${i}`));
      return { within, over: await send('Save the document') };
    });
    for (const res of within) {
      expect(res.status).toBe(200);
      const body = (await res.json()) as { translatedText: string };
      expect(typeof body.translatedText).toBe('string');
      expect(body.translatedText.length).toBeGreaterThan(0);
    }
    expect(over.status).toBe(429);
    const retryAfter = Number(over.headers.get('Retry-After'));
    expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
    const body = (await over.json()) as { error: string };
    expect(Object.keys(body)).toEqual(['error']);
    expect(body.error).toMatch(/^Slowdown: /);
  });

  it('counts /translate and /libre/translate against one budget, and limits /bleu too', async () => {
    const statuses = await inOneWindow(async () => {
      const ip = freshIp();
      const h = { 'CF-Connecting-IP': ip };
      return [
        (await app.request(`${BASE}/translate`, postJson(translateBody(1), h), tightEnv())).status,
        (await app.request(`${BASE}/libre/translate`, postJson({ q: 'Open the file', source: 'en', target: 'es' }, h), tightEnv())).status,
        (await app.request(`${BASE}/bleu`, postJson({ hypotheses: ['el gato'], references: ['el gato'] }, h), tightEnv())).status,
        (await app.request(`${BASE}/bleu`, postJson({ hypotheses: ['el gato'], references: ['el gato'] }, h), tightEnv())).status,
      ];
    });
    expect(statuses).toEqual([200, 200, 200, 429]);
  });

  it('counts per API key when the request is authenticated, whatever its IP', async () => {
    const statuses = await inOneWindow(async () => {
      const out: number[] = [];
      for (let i = 0; i <= TIGHT_LIMIT; i++) {
        const headers = { 'CF-Connecting-IP': freshIp(), Authorization: `Bearer ${bindings.API_TOKEN}` };
        out.push((await app.request(`${BASE}/bleu`, postJson({ hypotheses: ['el gato'], references: ['el gato'] }, headers), tightEnv(true))).status);
      }
      return out;
    });
    expect(statuses).toEqual([200, 200, 200, 429]);
  });

  it('does not count GET /libre/languages, GET /health or CORS preflights', async () => {
    const statuses = await inOneWindow(async () => {
      const h = { 'CF-Connecting-IP': freshIp() };
      const out: number[] = [];
      for (let i = 0; i <= TIGHT_LIMIT; i++) {
        out.push((await app.request(`${BASE}/libre/languages`, { headers: h }, tightEnv())).status);
        out.push((await app.request(`${BASE}/health`, { headers: h }, tightEnv())).status);
        const preflight = { ...h, Origin: 'https://allowed.example', 'Access-Control-Request-Method': 'POST' };
        out.push((await app.request(`${BASE}/translate`, { method: 'OPTIONS', headers: preflight }, tightEnv())).status);
      }
      out.push((await app.request(`${BASE}/bleu`, postJson({ hypotheses: ['a'], references: ['a'] }, h), tightEnv())).status);
      return out;
    });
    expect(statuses.at(-1)).toBe(200);
    expect(statuses.slice(0, -1).every((s) => s === 200 || s === 204)).toBe(true);
  });

  it('is off with RATE_LIMIT=off', async () => {
    const statuses = await inOneWindow(async () => {
      const h = { 'CF-Connecting-IP': freshIp() };
      const out: number[] = [];
      for (let i = 0; i <= TIGHT_LIMIT + 1; i++) {
        out.push((await app.request(`${BASE}/bleu`, postJson({ hypotheses: ['a'], references: ['a'] }, h), tightEnv(false, { RATE_LIMIT: 'off' }))).status);
      }
      return out;
    });
    expect(statuses.every((s) => s === 200)).toBe(true);
  });
});
