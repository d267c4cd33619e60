/**
 * Shared helpers of the workerd tests: the deployed entry point (with the test
 * project's bindings, see vitest.config.ts), JSON request builders and the
 * error-body reader.
 */
import { env, exports } from 'cloudflare:workers';
import type { Env } from '../../src/env.ts';
import type { ErrorBody } from '../../src/middleware/error-handler.ts';

/** The Worker's default export, called like the runtime calls it. */
export const worker = (exports as unknown as { default: Fetcher }).default;
/** The bindings configured for the worker test project (API_TOKEN, CORS_ORIGINS). */
export const bindings = env as unknown as Required<Pick<Env, 'API_TOKEN' | 'CORS_ORIGINS'>>;

/** An env for app.request(): no token, CORS off, unless overridden. */
export const plainEnv = (overrides: Partial<Env> = {}): Env => ({ ...overrides });

export const BASE = 'https://edge-mt.test';

/** POST init with a JSON body (or a raw string body) and optional extra headers. */
export function postJson(body: unknown, headers: Record<string, string> = {}): RequestInit {
  return {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  };
}

/** Reads an error response and checks it has the documented shape. */
export async function errorOf(res: Response): Promise<ErrorBody['error']> {
  const body = (await res.json()) as ErrorBody;
  if (!body || typeof body !== 'object' || !body.error || typeof body.error.message !== 'string') {
    throw new Error(`not an error body: ${JSON.stringify(body)}`);
  }
  return body.error;
}
