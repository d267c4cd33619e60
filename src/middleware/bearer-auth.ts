/**
 * Bearer-token auth, active only when env API_TOKEN is set.
 * Tokens are compared in constant time (SHA-256 of both, then a full XOR scan),
 * public paths and CORS preflights pass, failures are a 401 ApiError.
 * The token is never logged nor echoed.
 */
import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../api-error.ts';
import type { AppEnv } from '../env.ts';

const encoder = new TextEncoder();

async function digest(s: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(s)));
}

/** Constant-time equality of two strings (time depends on neither content nor length). */
export async function timingSafeEqualStrings(a: string, b: string): Promise<boolean> {
  const [da, db] = await Promise.all([digest(a), digest(b)]);
  let diff = 0;
  for (let i = 0; i < da.length; i++) diff |= da[i]! ^ db[i]!;
  return diff === 0;
}

const unauthorized = (message: string) =>
  new ApiError(401, 'unauthorized', message, { headers: { 'WWW-Authenticate': 'Bearer realm="edge-mt"' } });

/**
 * Requires `Authorization: Bearer <API_TOKEN>` except on `publicPaths` (exact GET/HEAD paths)
 * and under `selfAuthPrefixes` (surfaces that check the token themselves, in their own way:
 * the LibreTranslate API reads it from `api_key`).
 */
export function bearerAuth(options: { publicPaths: readonly string[]; selfAuthPrefixes?: readonly string[] }): MiddlewareHandler<AppEnv> {
  const publicPaths = new Set(options.publicPaths);
  const selfAuthPrefixes = options.selfAuthPrefixes ?? [];
  return async (c, next) => {
    const expected = c.env?.API_TOKEN;
    if (!expected) return next();
    const method = c.req.method;
    if (method === 'OPTIONS') return next();
    if (selfAuthPrefixes.some((prefix) => c.req.path.startsWith(prefix))) return next();
    if ((method === 'GET' || method === 'HEAD') && publicPaths.has(c.req.path)) return next();

    const header = c.req.header('Authorization');
    if (!header) throw unauthorized('missing Authorization header (expected "Bearer <token>")');
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
    if (!match) throw unauthorized('Authorization header must be "Bearer <token>"');
    if (!(await timingSafeEqualStrings(match[1]!, expected))) throw unauthorized('invalid token');
    return next();
  };
}
