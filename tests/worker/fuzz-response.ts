/**
 * The response contract every request must meet, whatever its body: a 200 whose JSON
 * has the route's shape, or a 4xx JSON error `{ error: { code, message } }` without a
 * stack trace; never a 5xx, never a hang. Shared by the fuzz, limits and
 * integrity tests (which also accept the 503 of a broken model when told to).
 */
import { expect } from 'vitest';

export type Route = '/translate' | '/bleu' | '/feedback';

/** Settles with `work`, or rejects after `ms` (a hang is a failure, not a slow pass). */
export async function withinMs<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function checkScores(scores: unknown, where: string): void {
  const s = scores as { bleu?: { score?: unknown }; chrf?: { score?: unknown }; chrfPlusPlus?: { score?: unknown }; lines?: unknown };
  for (const metric of ['bleu', 'chrf', 'chrfPlusPlus'] as const) {
    const score = s?.[metric]?.score;
    // sacreBLEU's arithmetic can land a rounding error above 100 (100.00000000000004).
    expect(isFiniteNumber(score) && score >= 0 && score <= 100 + 1e-9, `${where}.${metric}.score = ${String(score)}`).toBe(true);
  }
  expect(Array.isArray(s.lines), `${where}.lines`).toBe(true);
}

function checkTranslateBody(body: Record<string, unknown>, texts?: number): void {
  expect(typeof body.model).toBe('string');
  const translations = body.translations as Array<Record<string, unknown>>;
  expect(Array.isArray(translations)).toBe(true);
  if (texts !== undefined) expect(translations.length).toBe(texts);
  translations.forEach((t, i) => {
    expect(typeof t.source, `translations.${i}.source`).toBe('string');
    expect(typeof t.translation, `translations.${i}.translation`).toBe('string');
    const nbest = t.nbest as Array<Record<string, unknown>>;
    expect(nbest.length, `translations.${i}.nbest`).toBeGreaterThan(0);
    expect(nbest[0]!.text).toBe(t.translation);
    for (const h of nbest) {
      expect(isFiniteNumber(h.score) && isFiniteNumber(h.normScore), `translations.${i} scores`).toBe(true);
      expect(Array.isArray(h.tokens)).toBe(true);
    }
    if (t.scores !== undefined) checkScores(t.scores, `translations.${i}.scores`);
  });
  if (body.scores !== undefined) checkScores(body.scores, 'scores');
}

function checkFeedbackBody(body: Record<string, unknown>): void {
  const f = body.feedback as Record<string, unknown>;
  expect(Number.isInteger(f?.id) && (f.id as number) > 0, 'feedback.id').toBe(true);
  for (const k of ['source', 'translation', 'correction', 'context', 'created_at'] as const) expect(typeof f[k], `feedback.${k}`).toBe('string');
  expect(typeof f.accepted).toBe('boolean');
  expect(typeof body.duplicate).toBe('boolean');
}

export interface CheckOptions {
  /** Number of texts sent, when the test knows it (checked on a 200). */
  texts?: number;
  /** Extra statuses allowed besides 200 and 4xx (e.g. 503 for a broken model). */
  alsoAllow?: number[];
}

/**
 * Asserts the contract and returns the status and parsed body. `label` is printed with a
 * failure so a shrunk counterexample can be read.
 */
export async function checkResponse(
  res: Response,
  route: Route,
  label: string,
  options: CheckOptions = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const created = route === '/feedback' && res.status === 201;
  const allowed = res.status === 200 || created || (res.status >= 400 && res.status < 500) || (options.alsoAllow ?? []).includes(res.status);
  const raw = await res.text();
  expect(allowed, `${label}: status ${res.status}: ${raw.slice(0, 300)}`).toBe(true);
  expect(res.headers.get('Content-Type') ?? '', label).toMatch(/^application\/json/);
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(raw) as Record<string, unknown>;
  } catch {
    throw new Error(`${label}: status ${res.status} with a body that is not JSON: ${raw.slice(0, 200)}`);
  }
  if (res.status === 200 || created) {
    if (route === '/translate') checkTranslateBody(body, options.texts);
    else if (route === '/feedback') checkFeedbackBody(body);
    else checkScores(body, 'body');
  } else {
    const error = body.error as { code?: unknown; message?: unknown } | undefined;
    expect(typeof error?.code, `${label}: ${raw.slice(0, 200)}`).toBe('string');
    expect(typeof error?.message, label).toBe('string');
    const message = error!.message as string;
    expect(message.length, label).toBeGreaterThan(0);
    expect(message, `${label}: the message must not carry a stack trace`).not.toMatch(/\n\s+at |\.ts:\d+/);
  }
  return { status: res.status, body };
}
