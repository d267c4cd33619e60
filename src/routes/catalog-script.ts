/**
 * GET /catalog.js: the demo page's catalog code (src/catalog/ bundled for browsers by
 * `npm run build:page`). Public like the page; the page loads it with its CSP nonce.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../env.ts';
import { CATALOG_BUNDLE_JS } from '../page/catalog-bundle.generated.ts';

export function catalogScriptRoutes(): Hono<AppEnv> {
  return new Hono<AppEnv>().get('/catalog.js', (c) =>
    c.body(CATALOG_BUNDLE_JS, 200, {
      'Content-Type': 'text/javascript; charset=utf-8',
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'public, max-age=300',
    }),
  );
}
