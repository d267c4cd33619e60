/**
 * CORS from env CORS_ORIGINS: "*" allows any origin, a comma-separated list
 * allows exactly those origins, empty/unset adds no CORS headers.
 */
import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import type { AppEnv } from '../env.ts';

/** Parsed CORS_ORIGINS: '*' or a list of exact origins (no trailing slash). */
export function allowedOrigins(raw: string | undefined): '*' | string[] {
  const list = (raw ?? '')
    .split(',')
    .map((s) => s.trim().replace(/\/+$/, ''))
    .filter((s) => s.length > 0);
  return list.includes('*') ? '*' : list;
}

export function corsFromEnv(): MiddlewareHandler<AppEnv> {
  const handlers = new Map<string, MiddlewareHandler<AppEnv>>();
  return (c, next) => {
    const raw = c.env?.CORS_ORIGINS ?? '';
    let handler = handlers.get(raw);
    if (!handler) {
      const origins = allowedOrigins(raw);
      handler = cors({
        origin: origins === '*' ? '*' : (origin) => (origins.includes(origin) ? origin : null),
        allowMethods: ['GET', 'POST', 'OPTIONS'],
        allowHeaders: ['Content-Type', 'Authorization'],
        exposeHeaders: ['X-Cache', 'Retry-After'],
        maxAge: 600,
      });
      handlers.set(raw, handler);
    }
    if (raw.trim() === '') return next();
    return handler(c, next);
  };
}
