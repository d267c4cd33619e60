/** CORS from CORS_ORIGINS: exact-origin allow list, "*", and off when unset. */
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { allowedOrigins } from '../../src/middleware/cors.ts';
import { BASE, bindings, plainEnv, worker } from './helpers.ts';

const preflight = (origin: string) => ({
  method: 'OPTIONS',
  headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type, authorization' },
});

describe('CORS', () => {
  it('answers a preflight from an allowed origin without requiring the token', async () => {
    const origin = bindings.CORS_ORIGINS;
    const res = await worker.fetch(`${BASE}/translate`, preflight(origin));
    expect(res.status).toBe(204);
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe(origin);
    expect(res.headers.get('Access-Control-Allow-Methods')).toContain('POST');
    expect(res.headers.get('Access-Control-Allow-Headers')?.toLowerCase()).toContain('authorization');
    expect(res.headers.get('Access-Control-Max-Age')).toBe('600');
  });

  it('does not allow other origins', async () => {
    const res = await worker.fetch(`${BASE}/translate`, preflight('https://evil.example'));
    expect(res.headers.get('Access-Control-Allow-Origin')).toBeNull();
    const get = await worker.fetch(`${BASE}/health`, { headers: { Origin: 'https://evil.example' } });
    expect(get.headers.get('Access-Control-Allow-Origin')).toBeNull();
  });

  it('adds CORS headers to errors too, so browsers can read them', async () => {
    const res = await worker.fetch(`${BASE}/model`, { headers: { Origin: bindings.CORS_ORIGINS } });
    expect(res.status).toBe(401);
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe(bindings.CORS_ORIGINS);
    expect(res.headers.get('Access-Control-Expose-Headers')).toContain('X-Cache');
  });

  it('allows any origin with "*" and none when unset', async () => {
    const app = createApp();
    const star = await app.request(`${BASE}/health`, { headers: { Origin: 'https://a.example' } }, plainEnv({ CORS_ORIGINS: '*' }));
    expect(star.headers.get('Access-Control-Allow-Origin')).toBe('*');
    const off = await app.request(`${BASE}/health`, { headers: { Origin: 'https://a.example' } }, plainEnv());
    expect(off.headers.get('Access-Control-Allow-Origin')).toBeNull();
  });

  it('parses CORS_ORIGINS lists', () => {
    expect(allowedOrigins(' https://a.example/, https://b.example ,,')).toEqual(['https://a.example', 'https://b.example']);
    expect(allowedOrigins('https://a.example,*')).toBe('*');
    expect(allowedOrigins(undefined)).toEqual([]);
  });
});
