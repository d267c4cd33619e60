/** GET /health: liveness only. Public, never cached, never touches the model or tfjs. */
import { Hono } from 'hono';
import type { AppEnv } from '../env.ts';
import { cacheControl } from '../middleware/cache-control.ts';

export function healthRoutes(): Hono<AppEnv> {
  return new Hono<AppEnv>().get('/health', cacheControl('no-store'), (c) =>
    c.json({ status: 'ok', service: 'edge-mt', time: new Date().toISOString() }),
  );
}
