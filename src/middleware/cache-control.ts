/** Sets Cache-Control on the response unless a handler (or inner middleware) already set one. */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env.ts';

export function cacheControl(value: string): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    if (!c.res.headers.has('Cache-Control')) c.res.headers.set('Cache-Control', value);
  };
}
