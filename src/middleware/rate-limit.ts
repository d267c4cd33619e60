/**
 * Rate limiting of the model routes with the Workers rate-limiting binding (env.RATE_LIMITER,
 * wrangler.toml `[[ratelimits]]`; wrangler dev and miniflare simulate it locally).
 *
 * `rateLimit()` counts each request against one key: the verified API key when the request
 * carries one (its SHA-256, never the key itself), else the client IP (CF-Connecting-IP, which
 * Cloudflare sets and clients cannot forge). Over the limit it throws a 429 ApiError with
 * `Retry-After` (seconds to the end of the binding's period); each API's error handler gives
 * it that API's own shape. CORS preflights are never counted. Without the binding, or with
 * RATE_LIMIT=off (local benchmarks), requests pass uncounted.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { ApiError } from '../api-error.ts';
import type { AppEnv } from '../env.ts';
import { rateLimitPeriod } from '../limits.ts';

export interface RateLimitOptions<E extends AppEnv> {
  /**
   * The API key this request was authenticated with, if any (only a key the auth middleware
   * verified: an unchecked one would let a client pick a fresh bucket per request).
   * Default: the Bearer token, when API_TOKEN is set (bearer auth has checked it by then).
   */
  verifiedKey?: (c: Context<E>) => string | undefined;
  /** The 429 message, given the seconds until the limit resets. */
  message?: (retryAfter: number) => string;
}

const encoder = new TextEncoder();

async function sha256Hex(s: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(s)));
  return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The Bearer token of the request, when API_TOKEN is set (so bearer auth has verified it). */
export function verifiedBearerToken(c: Context<AppEnv>): string | undefined {
  if (!c.env?.API_TOKEN) return undefined;
  return /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(c.req.header('Authorization') ?? '')?.[1];
}

/** The key a request is counted under: `key:<sha256 of the API key>` or `ip:<client IP>`. */
export async function rateLimitKey(c: Context<AppEnv>, verifiedKey: string | undefined): Promise<string> {
  if (verifiedKey) return `key:${(await sha256Hex(verifiedKey)).slice(0, 32)}`;
  return `ip:${c.req.header('CF-Connecting-IP') ?? 'unknown'}`;
}

/** Seconds until the current period of `period` seconds ends (at least 1). */
export function secondsToPeriodEnd(period: number, nowMs = Date.now()): number {
  return Math.max(1, period - (Math.floor(nowMs / 1000) % period));
}

const defaultMessage = (retryAfter: number) =>
  `too many requests: the rate limit of this API key or client IP is used up; retry in ${retryAfter} s`;

/** Middleware factory: counts the request against env.RATE_LIMITER and answers 429 past the limit. */
export function rateLimit<E extends AppEnv = AppEnv>(options: RateLimitOptions<E> = {}): MiddlewareHandler<E> {
  const message = options.message ?? defaultMessage;
  return async (c, next) => {
    const limiter = c.env?.RATE_LIMITER;
    if (!limiter || c.env.RATE_LIMIT?.trim().toLowerCase() === 'off' || c.req.method === 'OPTIONS') return next();
    const verified = options.verifiedKey ? options.verifiedKey(c) : verifiedBearerToken(c as unknown as Context<AppEnv>);
    const key = await rateLimitKey(c as unknown as Context<AppEnv>, verified);
    const { success } = await limiter.limit({ key });
    if (!success) {
      const retryAfter = secondsToPeriodEnd(rateLimitPeriod(c.env));
      throw new ApiError(429, 'rate_limited', message(retryAfter), { headers: { 'Retry-After': String(retryAfter) } });
    }
    return next();
  };
}
