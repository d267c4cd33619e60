/**
 * A minimal rate limit for POST /feedback: each submitter (the sha256 of its bearer token,
 * else of its client IP) may store at most FEEDBACK_RATE_LIMIT corrections (default 60) per
 * 10 minutes. The count is read from the feedback table itself, so it holds across isolates;
 * over the limit: 429 with Retry-After. (Model routes get Workers' rate-limiting binding
 * separately.)
 */
import type { Context, MiddlewareHandler } from 'hono';
import { ApiError } from '../api-error.ts';
import type { AppEnv } from '../env.ts';
import { countRecent } from '../feedback/feedback-store.ts';

export const FEEDBACK_WINDOW_SECONDS = 600;
export const DEFAULT_FEEDBACK_RATE_LIMIT = 60;

/** The limit in force: a positive integer from env, else the default. */
export function feedbackRateLimit(raw: string | undefined): number {
  return raw !== undefined && /^\d+$/.test(raw.trim()) && Number(raw) >= 1 ? Number(raw) : DEFAULT_FEEDBACK_RATE_LIMIT;
}

/** Who is submitting: hex sha256 of "token:<bearer>" or "ip:<address>" (never the token itself). */
export async function submitterOf(c: Context<AppEnv>): Promise<string> {
  const bearer = /^Bearer[ \t]+(\S+)/i.exec(c.req.header('Authorization') ?? '')?.[1];
  const who = bearer ? `token:${bearer}` : `ip:${c.req.header('CF-Connecting-IP') ?? c.req.header('X-Forwarded-For')?.split(',')[0]?.trim() ?? 'unknown'}`;
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(who)));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function limitFeedback(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const db = c.env.FEEDBACK_DB;
    if (!db) return next(); // the route answers 503
    const limit = feedbackRateLimit(c.env.FEEDBACK_RATE_LIMIT);
    const recent = await countRecent(db, await submitterOf(c), new Date(Date.now() - FEEDBACK_WINDOW_SECONDS * 1000));
    if (recent >= limit) {
      throw new ApiError(429, 'rate_limited', `too many corrections: at most ${limit} per ${FEEDBACK_WINDOW_SECONDS / 60} minutes`, { headers: { 'Retry-After': String(FEEDBACK_WINDOW_SECONDS) } });
    }
    return next();
  };
}
