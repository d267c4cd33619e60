/**
 * GET /catalog.js in workerd: the page's catalog bundle, public (no token) like the page,
 * served as JavaScript that defines the EdgeMtCatalog global.
 */
import { describe, expect, it } from 'vitest';
import { BASE, worker } from './helpers.ts';

describe('GET /catalog.js', () => {
  it('serves the catalog bundle without a token, as JavaScript', async () => {
    const res = await worker.fetch(`${BASE}/catalog.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
    const js = await res.text();
    expect(js.startsWith('"use strict";var EdgeMtCatalog=')).toBe(true);
    expect(js.length).toBeGreaterThan(50_000);
  });

  it('is loaded by the page with the page nonce', async () => {
    const res = await worker.fetch(`${BASE}/`);
    const nonce = /script-src 'nonce-([0-9a-f]{32})'/.exec(res.headers.get('Content-Security-Policy') ?? '')?.[1];
    expect(await res.text()).toContain(`<script nonce="${nonce}" src="/catalog.js"></script>`);
  });
});
