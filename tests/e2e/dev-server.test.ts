/**
 * `wrangler dev` serves the Worker over real HTTP: health, auth, validation,
 * /translate, /bleu and the page (whose inline script must parse).
 */
import { Script } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../../tools/wrangler-process.ts';

const TOKEN = 'e2e-token-7f3a9c';
let server: DevServer;
const auth = { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' };

beforeAll(async () => {
  const started = Date.now();
  server = await startDevServer({ API_TOKEN: TOKEN, CORS_ORIGINS: 'https://ui.example' });
  console.log(`[measure] wrangler dev ready in ${Date.now() - started} ms`);
});

afterAll(async () => {
  await server?.stop();
});

describe('wrangler dev (HTTP)', () => {
  it('answers GET /health', async () => {
    const res = await fetch(`${server.url}/health`);
    expect(res.status).toBe(200);
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    expect(await res.json()).toMatchObject({ status: 'ok', service: 'edge-mt' });
  });

  it('requires the token on POST /translate', async () => {
    const res = await fetch(`${server.url}/translate`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"text":"hi"}' });
    expect(res.status).toBe(401);
    expect(await res.text()).not.toContain(TOKEN);
  });

  it('validates POST /translate bodies', async () => {
    const res = await fetch(`${server.url}/translate`, { method: 'POST', headers: auth, body: JSON.stringify({ text: 'hi', beam: 2, nbest: 3 }) });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: 'invalid_request', message: 'nbest: must not exceed beam (2)', field: 'nbest' } });
  });

  it('translates, or says the model is not loaded yet (503) until the translator is wired', async () => {
    const res = await fetch(`${server.url}/translate`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ text: ['Hello world.', 'Open the file.'], beam: 2, nbest: 2, attention: true }),
    });
    const body = (await res.json()) as { translations?: Array<{ translation: string; nbest: unknown[] }>; error?: { code: string } };
    if (res.status === 503) {
      expect(body.error?.code).toBe('model_unavailable');
      expect(res.headers.get('Retry-After')).toBe('30');
    } else {
      expect(res.status).toBe(200);
      expect(body.translations).toHaveLength(2);
      for (const t of body.translations!) {
        expect(t.translation.length).toBeGreaterThan(0);
        expect(t.nbest.length).toBeGreaterThanOrEqual(1);
      }
    }
  });

  it('scores POST /bleu', async () => {
    const res = await fetch(`${server.url}/bleu`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ hypotheses: ['el gato está en la casa'], references: ['el gato está en la casa'] }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { bleu: { score: number } };
    expect(body.bleu.score).toBeCloseTo(100, 6);
  });

  it('serves the page with an inline script that parses', async () => {
    const res = await fetch(`${server.url}/`);
    expect(res.status).toBe(200);
    const html = await res.text();
    const script = /<script nonce="[0-9a-f]+">([\s\S]*)<\/script>/.exec(html)?.[1];
    expect(script).toBeDefined();
    expect(() => new Script(script!, { filename: 'page-inline.js' })).not.toThrow();
  });

  it('answers CORS preflights for the configured origin', async () => {
    const res = await fetch(`${server.url}/translate`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://ui.example', 'Access-Control-Request-Method': 'POST' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('https://ui.example');
  });
});
