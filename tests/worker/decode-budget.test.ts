/**
 * The decoding-work budget of POST /translate (src/limits.ts MAX_DECODE_WORK): requests
 * whose upper-bound work exceeds it get a 413 before any model work; requests within it
 * reach the model.
 */
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { decodeWork, MAX_DECODE_WORK } from '../../src/limits.ts';
import { wordTranslator } from './fixtures/word-translator.ts';
import { BASE, errorOf, plainEnv, postJson } from './helpers.ts';

function recordingApp() {
  const calls = { n: 0 };
  const translator = wordTranslator();
  const app = createApp({ getTranslator: async () => { calls.n++; return translator; } });
  return { calls, post: (body: unknown) => app.request(`${BASE}/translate`, postJson(body), plainEnv({ TRANSLATE_CACHE_TTL: '0' })) };
}

describe('decoding work budget', () => {
  it('computes the upper bound as beam × min(maxLength, 2·ceil(chars/3)+10) summed over texts', () => {
    expect(decodeWork(['abcdef'], 4, undefined)).toBe(4 * (2 * 2 + 10));
    expect(decodeWork(['x'.repeat(1000)], 8, undefined)).toBe(8 * 256);
    expect(decodeWork(['x'.repeat(1000), 'ab'], 2, 50)).toBe(2 * 50 + 2 * 12);
  });

  it('answers 413 naming the budget before touching the model', async () => {
    const { calls, post } = recordingApp();
    const texts = Array.from({ length: 16 }, () => 'x'.repeat(1000));
    expect(decodeWork(texts, 4, undefined)).toBeGreaterThan(MAX_DECODE_WORK);
    const res = await post({ text: texts, beam: 4 });
    expect(res.status).toBe(413);
    expect((await errorOf(res)).message).toMatch(/beam-steps/);
    expect(calls.n).toBe(0);
  });

  it('lets the same texts through when maxLength brings the work under the budget', async () => {
    const { calls, post } = recordingApp();
    const texts = Array.from({ length: 16 }, () => 'the cat '.repeat(100).trim());
    const res = await post({ text: texts, beam: 4, maxLength: 60 });
    expect(res.status).toBe(200);
    expect(calls.n).toBe(1);
  });
});
