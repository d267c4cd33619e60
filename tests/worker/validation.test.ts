/**
 * Every way a client can get a request wrong gets a 4xx JSON error naming the
 * problem (and the field), never a 500. Runs inside workerd through app.request().
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import type { Env } from '../../src/env.ts';
import { DEFAULT_MAX_TEXTS, DEFAULT_MAX_TEXT_CHARS, MAX_TRANSLATE_BODY_BYTES } from '../../src/limits.ts';
import { wordTranslator } from './fixtures/word-translator.ts';
import { BASE, errorOf, plainEnv, postJson } from './helpers.ts';

const translator = wordTranslator();
const app = createApp({ getTranslator: async () => translator });

const translate = (body: unknown, env: Env = plainEnv(), headers: Record<string, string> = {}) =>
  app.request(`${BASE}/translate`, postJson(body, headers), env);

async function expect400(body: unknown, field: string | undefined, message: RegExp, env?: Env) {
  const res = await translate(body, env);
  const error = await errorOf(res);
  expect(res.status, JSON.stringify(error)).toBe(400);
  expect(error.code).toBe('invalid_request');
  expect(error.field).toBe(field);
  expect(error.message).toMatch(message);
  if (field) expect(error.message.startsWith(`${field}: `)).toBe(true);
}

describe('POST /translate rejects malformed bodies', () => {
  it('answers 400 invalid_json for malformed JSON', async () => {
    const res = await translate('{"text": "hi",');
    const error = await errorOf(res);
    expect(res.status).toBe(400);
    expect(error).toEqual({ code: 'invalid_json', message: expect.stringMatching(/malformed JSON/i) });
  });

  it('answers 400 invalid_json for an empty body', async () => {
    const res = await translate('');
    expect(res.status).toBe(400);
    expect((await errorOf(res)).code).toBe('invalid_json');
  });

  it('answers 400 when the body is not a JSON object', async () => {
    await expect400(['hello'], undefined, /request body must be a JSON object/);
    await expect400('"hello"', undefined, /request body must be a JSON object/);
    await expect400('null', undefined, /request body must be a JSON object/);
  });

  it('names a missing text field', async () => {
    await expect400({ beam: 2 }, 'text', /text: is required/);
  });

  it('names wrong types', async () => {
    await expect400({ text: 42 }, 'text', /must be a string or an array of strings/);
    await expect400({ text: ['ok', 7] }, 'text.1', /must be a string/);
    await expect400({ text: 'hi', beam: '4' }, 'beam', /must be an integer/);
    await expect400({ text: 'hi', beam: 2.5 }, 'beam', /must be an integer/);
    await expect400({ text: 'hi', alpha: 'high' }, 'alpha', /must be a number/);
    await expect400({ text: 'hi', attention: 'yes' }, 'attention', /must be true or false/);
    await expect400({ text: 'hi', reference: 5 }, 'reference', /must be a string or an array of strings/);
  });

  it('rejects empty and blank texts', async () => {
    await expect400({ text: '' }, 'text.0', /must not be empty/);
    await expect400({ text: ['fine', '   \n\t'] }, 'text.1', /must not be empty/);
    await expect400({ text: [] }, 'text', /at least one/);
  });

  it(`rejects a text longer than ${DEFAULT_MAX_TEXT_CHARS} characters and accepts exactly that many`, async () => {
    await expect400({ text: 'a'.repeat(DEFAULT_MAX_TEXT_CHARS + 1) }, 'text.0', new RegExp(`at most ${DEFAULT_MAX_TEXT_CHARS} characters`));
    expect((await translate({ text: 'a'.repeat(DEFAULT_MAX_TEXT_CHARS) })).status).toBe(200);
  });

  it('counts characters as code points, not UTF-16 units', async () => {
    // 1000 emoji are 2000 UTF-16 units but 1000 characters.
    expect((await translate({ text: '😀'.repeat(DEFAULT_MAX_TEXT_CHARS) })).status).toBe(200);
  });

  it(`rejects more than ${DEFAULT_MAX_TEXTS} texts and accepts exactly that many`, async () => {
    await expect400({ text: Array(DEFAULT_MAX_TEXTS + 1).fill('hello') }, 'text', new RegExp(`at most ${DEFAULT_MAX_TEXTS} texts`));
    expect((await translate({ text: Array(DEFAULT_MAX_TEXTS).fill('hello') })).status).toBe(200);
  });

  it('applies lower limits from env', async () => {
    const env = plainEnv({ MAX_TEXTS: '2', MAX_TEXT_CHARS: '10' });
    await expect400({ text: ['a', 'b', 'c'] }, 'text', /at most 2 texts/, env);
    await expect400({ text: 'hello world' }, 'text.0', /at most 10 characters/, env);
    expect((await translate({ text: ['hello', 'world'] }, env)).status).toBe(200);
  });

  it('keeps beam within 1..8', async () => {
    await expect400({ text: 'hi', beam: 0 }, 'beam', /between 1 and 8/);
    await expect400({ text: 'hi', beam: 9 }, 'beam', /between 1 and 8/);
    expect((await translate({ text: 'hi', beam: 8 })).status).toBe(200);
    expect((await translate({ text: 'hi', beam: 1 })).status).toBe(200);
  });

  it('rejects nbest greater than beam, including the default beam', async () => {
    await expect400({ text: 'hi', beam: 2, nbest: 3 }, 'nbest', /must not exceed beam \(2\)/);
    await expect400({ text: 'hi', nbest: 5 }, 'nbest', /must not exceed beam \(4, the default\)/);
    await expect400({ text: 'hi', nbest: 0 }, 'nbest', /between 1 and 8/);
    expect((await translate({ text: 'hi', beam: 3, nbest: 3 })).status).toBe(200);
  });

  it('keeps alpha within 0..2 and maxLength within 1..256', async () => {
    await expect400({ text: 'hi', alpha: -0.1 }, 'alpha', /between 0 and 2/);
    await expect400({ text: 'hi', alpha: 2.01 }, 'alpha', /between 0 and 2/);
    await expect400({ text: 'hi', maxLength: 0 }, 'maxLength', /between 1 and 256/);
    await expect400({ text: 'hi', maxLength: 257 }, 'maxLength', /between 1 and 256/);
  });

  it('requires one reference per text', async () => {
    await expect400({ text: ['a', 'b'], reference: 'x' }, 'reference', /as many entries as text \(2\), got 1/);
  });

  it('rejects unknown fields by name', async () => {
    await expect400({ text: 'hi', nBest: 2 }, 'nBest', /nBest: unknown field/);
  });
});

describe('POST /translate checks content type and size', () => {
  it('answers 415 naming the content type that was sent', async () => {
    const res = await translate('{"text":"hi"}', plainEnv(), { 'Content-Type': 'text/plain; charset=utf-8' });
    const error = await errorOf(res);
    expect(res.status).toBe(415);
    expect(error.code).toBe('unsupported_media_type');
    expect(error.message).toContain('Content-Type must be application/json');
    expect(error.message).toContain('text/plain');
  });

  it('answers 415 when no content type is sent', async () => {
    const res = await app.request(`${BASE}/translate`, { method: 'POST', body: new Uint8Array([123, 125]) }, plainEnv());
    expect(res.status).toBe(415);
    expect((await errorOf(res)).message).toMatch(/no Content-Type header/);
  });

  it('accepts application/json with a charset parameter', async () => {
    const res = await translate({ text: 'hi' }, plainEnv(), { 'Content-Type': 'application/json; charset=utf-8' });
    expect(res.status).toBe(200);
  });

  it('answers 413 for a body over the limit (Content-Length)', async () => {
    const big = JSON.stringify({ text: 'a'.repeat(MAX_TRANSLATE_BODY_BYTES) });
    const res = await translate(big, plainEnv(), { 'Content-Length': String(big.length) });
    const error = await errorOf(res);
    expect(res.status).toBe(413);
    expect(error).toEqual({ code: 'payload_too_large', message: `request body exceeds ${MAX_TRANSLATE_BODY_BYTES} bytes` });
  });

  it('answers 413 for a streamed body over the limit (no Content-Length)', async () => {
    const chunk = new TextEncoder().encode('a'.repeat(64 * 1024));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > MAX_TRANSLATE_BODY_BYTES + chunk.length) return controller.close();
        controller.enqueue(chunk);
        sent += chunk.length;
      },
    });
    const res = await app.request(`${BASE}/translate`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body }, plainEnv());
    expect(res.status).toBe(413);
    expect((await errorOf(res)).code).toBe('payload_too_large');
  });
});

describe('routing errors are JSON too', () => {
  it('answers 405 with Allow for GET /translate', async () => {
    const res = await app.request(`${BASE}/translate`, {}, plainEnv());
    expect(res.status).toBe(405);
    expect(res.headers.get('Allow')).toBe('POST, OPTIONS');
    expect((await errorOf(res)).code).toBe('method_not_allowed');
  });

  it('answers 404 JSON for unknown paths', async () => {
    const res = await app.request(`${BASE}/nope`, {}, plainEnv());
    expect(res.status).toBe(404);
    expect(await errorOf(res)).toEqual({ code: 'not_found', message: 'no route for GET /nope' });
  });
});

describe('POST /bleu validation', () => {
  const bleu = (body: unknown) => app.request(`${BASE}/bleu`, postJson(body), plainEnv());

  it('names the field and the problem', async () => {
    const cases: Array<[unknown, string | undefined, RegExp]> = [
      [{ references: ['a'] }, 'hypotheses', /is required/],
      [{ hypotheses: 'a', references: ['a'] }, 'hypotheses', /must be an array of strings/],
      [{ hypotheses: ['a', 'b'], references: ['a'] }, 'references', /as many segments as hypotheses \(2\), got 1/],
      [{ hypotheses: ['a'], references: [['a'], ['b', 'c']] }, 'references.1', /as many segments as hypotheses \(1\), got 2/],
      [{ hypotheses: ['a'], references: [1] }, 'references', /array of strings or an array of string arrays/],
      [{ hypotheses: ['a'], references: ['a'], tokenize: 'moses' }, 'tokenize', /must be one of 13a, intl, char, zh, none/],
      [{ hypotheses: ['a'], references: ['a'], smooth: 'max' }, 'smooth', /must be one of exp, floor, add-k, none/],
      [{ hypotheses: ['a'], references: ['a'], lowercase: 1 }, 'lowercase', /must be true or false/],
    ];
    for (const [body, field, message] of cases) {
      const res = await bleu(body);
      const error = await errorOf(res);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(error.field, JSON.stringify(body)).toBe(field);
      expect(error.message).toMatch(message);
    }
  });
});

describe('no input produces a 500', () => {
  it('answers 200 or a 4xx JSON error for arbitrary JSON bodies', async () => {
    const body = fc.oneof(
      fc.jsonValue(),
      fc.record(
        {
          text: fc.oneof(fc.string(), fc.array(fc.string(), { maxLength: 20 }), fc.jsonValue()),
          beam: fc.oneof(fc.integer({ min: -2, max: 10 }), fc.double(), fc.jsonValue()),
          nbest: fc.oneof(fc.integer({ min: -2, max: 10 }), fc.jsonValue()),
          alpha: fc.oneof(fc.double(), fc.jsonValue()),
          maxLength: fc.oneof(fc.integer({ min: -1, max: 300 }), fc.jsonValue()),
          attention: fc.oneof(fc.boolean(), fc.jsonValue()),
          reference: fc.oneof(fc.string(), fc.array(fc.string(), { maxLength: 20 })),
        },
        { requiredKeys: [] },
      ),
    );
    await fc.assert(
      fc.asyncProperty(body, async (value) => {
        const res = await translate(JSON.stringify(value));
        const text = await res.text();
        expect([200, 400]).toContain(res.status);
        if (res.status === 400) {
          const parsed = JSON.parse(text) as { error: { code: string; message: string } };
          expect(parsed.error.code).toBe('invalid_request');
          expect(parsed.error.message).not.toMatch(/\n\s+at /);
        }
      }),
      { numRuns: 300 },
    );
  });
});
