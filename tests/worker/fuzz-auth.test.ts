/**
 * Bearer auth under random Authorization headers, through the real entry point (the
 * test project sets API_TOKEN): anything but the exact token gets a 401 JSON error,
 * / and /health stay public whatever the header says, and the token appears neither
 * in a response nor in anything the Worker logs — including the log line of an
 * unexpected 500 on an authorised request. Complements tests/worker/auth.test.ts.
 */
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { createApp } from '../../src/app.ts';
import { BASE, bindings, errorOf, postJson, worker } from './helpers.ts';

const token = bindings.API_TOKEN;
const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 80 });

/** Authorization values that are not "Bearer <token>": random, near misses and other schemes. */
const wrongAuthorization = fc.oneof(
  printable,
  printable.map((s) => `Bearer ${s}`),
  fc.constantFrom(
    `Bearer ${token}x`,
    `Bearer x${token}`,
    `Bearer ${token.toUpperCase()}`,
    `Bearer ${token.slice(1)}`,
    `Bearer ${token} ${token}`,
    `Token ${token}`,
    `Basic ${btoa(`${token}:${token}`)}`,
    `${token}`,
    `Bearer\t\t`,
    `Bearer "${token}"`,
  ),
);

let logged: MockInstance[] = [];
const loggedText = () => logged.flatMap((spy) => spy.mock.calls.map((args) => args.map(String).join(' '))).join('\n');

beforeEach(() => {
  logged = (['log', 'info', 'warn', 'error', 'debug'] as const).map((level) => vi.spyOn(console, level));
});
afterEach(() => vi.restoreAllMocks());

describe('bearer auth with random Authorization headers', () => {
  it('answers 401 JSON to 300 wrong headers on every protected route, never echoing or logging the token', async () => {
    const routes: Array<[string, RequestInit]> = [
      ['/translate', postJson({ text: 'hi', beam: 1 })],
      ['/bleu', postJson({ hypotheses: ['a'], references: ['a'] })],
      ['/model', { method: 'GET' }],
    ];
    await fc.assert(
      fc.asyncProperty(wrongAuthorization, fc.constantFrom(...routes), async (authorization, [path, init]) => {
        const headers = { ...(init.headers as Record<string, string> | undefined), Authorization: authorization };
        const res = await worker.fetch(`${BASE}${path}`, { ...init, headers });
        const text = await res.text();
        expect(res.status, authorization).toBe(401);
        expect(res.headers.get('WWW-Authenticate')).toBe('Bearer realm="edge-mt"');
        expect((JSON.parse(text) as { error: { code: string } }).error.code).toBe('unauthorized');
        expect(text).not.toContain(token);
      }),
      { numRuns: 300 },
    );
    expect(loggedText()).not.toContain(token);
  }, 120_000);

  it('keeps / and /health public whatever Authorization header is sent', async () => {
    await fc.assert(
      fc.asyncProperty(fc.option(wrongAuthorization), fc.constantFrom('/', '/health'), async (authorization, path) => {
        const res = await worker.fetch(`${BASE}${path}`, { headers: authorization === null ? {} : { Authorization: authorization } });
        expect(res.status, `${path} ${authorization}`).toBe(200);
        await res.arrayBuffer();
      }),
      { numRuns: 100 },
    );
  }, 60_000);

  it('does not put the token in the log line of an unexpected 500 on an authorised request', async () => {
    const app = createApp({
      getTranslator: async () => {
        throw new Error('translator exploded');
      },
    });
    const res = await app.request(`${BASE}/translate`, postJson({ text: 'hi' }, { Authorization: `Bearer ${token}` }), { API_TOKEN: token });
    expect(res.status).toBe(500);
    expect(await errorOf(res)).toEqual({ code: 'internal', message: 'internal error' });
    const log = loggedText();
    expect(log).toContain('translator exploded'); // the spies do see the error log...
    expect(log).not.toContain(token); // ...and it names no credential
  });
});
