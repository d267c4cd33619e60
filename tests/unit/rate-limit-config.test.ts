/**
 * The shipped rate limit: wrangler.toml's `[[ratelimits]]` binding (what Cloudflare enforces)
 * matches the defaults src/limits.ts documents and uses for Retry-After, and Retry-After is the
 * time left in the binding's window.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RATE_LIMIT, DEFAULT_RATE_LIMIT_PERIOD, rateLimitPeriod } from '../../src/limits.ts';
import { secondsToPeriodEnd } from '../../src/middleware/rate-limit.ts';

const toml = readFileSync(new URL('../../wrangler.toml', import.meta.url), 'utf8');

describe('rate limit configuration', () => {
  it('binds RATE_LIMITER in wrangler.toml with the documented limit and period', () => {
    const block = /\[\[ratelimits\]\]\s*\nname = "RATE_LIMITER"\s*\nnamespace_id = "(\d+)"\s*\nsimple = \{ limit = (\d+), period = (\d+) \}/.exec(toml);
    expect(block).not.toBeNull();
    expect(Number(block![2])).toBe(DEFAULT_RATE_LIMIT);
    expect(Number(block![3])).toBe(DEFAULT_RATE_LIMIT_PERIOD);
  });

  it('reads RATE_LIMIT_PERIOD as 10 or 60 only', () => {
    expect(rateLimitPeriod({})).toBe(60);
    expect(rateLimitPeriod({ RATE_LIMIT_PERIOD: '10' })).toBe(10);
    expect(rateLimitPeriod({ RATE_LIMIT_PERIOD: '30' })).toBe(60);
  });

  it('sets Retry-After to the seconds left in the window, at least 1', () => {
    expect(secondsToPeriodEnd(60, 120_000)).toBe(60);
    expect(secondsToPeriodEnd(60, 120_000 + 59_500)).toBe(1);
    expect(secondsToPeriodEnd(60, 120_000 + 15_000)).toBe(45);
    expect(secondsToPeriodEnd(10, 7_000)).toBe(3);
  });
});
