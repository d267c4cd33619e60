/** 405 JSON (with Allow) for known paths called with a method they do not serve. */
import { Hono } from 'hono';
import { ApiError } from '../api-error.ts';
import type { AppEnv } from '../env.ts';

export function methodNotAllowedRoutes(allowed: Record<string, string[]>): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  for (const [path, methods] of Object.entries(allowed)) {
    const allow = [...methods, 'OPTIONS'].join(', ');
    routes.all(path, (c) => {
      throw new ApiError(405, 'method_not_allowed', `${c.req.method} is not allowed on ${path} (allowed: ${allow})`, {
        headers: { Allow: allow },
      });
    });
  }
  return routes;
}
