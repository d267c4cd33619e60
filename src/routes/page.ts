/** GET /: the self-contained demo page, with a per-response CSP nonce. Public. */
import { Hono } from 'hono';
import type { AppEnv } from '../env.ts';
import { toHex } from '../model/storage/manifest.ts';
import { renderPage } from '../page/page-html.ts';

export function pageRoutes(): Hono<AppEnv> {
  return new Hono<AppEnv>().get('/', (c) => {
    const nonce = toHex(crypto.getRandomValues(new Uint8Array(16)));
    return c.html(renderPage(nonce), 200, {
      'Content-Security-Policy': [
        "default-src 'none'",
        `script-src 'nonce-${nonce}'`,
        `style-src 'nonce-${nonce}'`,
        "connect-src 'self'",
        "img-src 'self' data:",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
      ].join('; '),
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      // The nonce changes per response, so the page must not be shared from a cache.
      'Cache-Control': 'no-cache',
    });
  });
}
