/**
 * The abuse limits of src/limits.ts, inside workerd: a request exactly at every limit
 * at once is answered 200, and a request over any one limit is refused (400 or 413)
 * before any model work — the translator provider records whether it was ever asked
 * for the model. The real bundled model also answers one text at the character limit
 * with the largest beam, n-best and output length; its wall time is printed (the
 * Node-side figures against the Workers CPU budget come from bench/loadtest.ts).
 */
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import type { Env } from '../../src/env.ts';
import { getTranslator } from '../../src/serving/model-provider.ts';
import {
  DEFAULT_MAX_TEXTS,
  DEFAULT_MAX_TEXT_CHARS,
  MAX_ALPHA,
  MAX_BEAM,
  MAX_BLEU_BODY_BYTES,
  MAX_BLEU_REFERENCE_SETS,
  MAX_BLEU_SEGMENTS,
  MAX_BLEU_SEGMENT_CHARS,
  MAX_OUTPUT_LENGTH,
  MAX_DECODE_WORK,
  decodeWork,
  MAX_TRANSLATE_BODY_BYTES,
} from '../../src/limits.ts';
import type { Translator, TranslatorProvider } from '../../src/serving/translator.ts';
import { wordTranslator } from './fixtures/word-translator.ts';
import { checkResponse } from './fuzz-response.ts';
import { BASE, errorOf, plainEnv, postJson } from './helpers.ts';

/** A provider that records every time the app asks for the model, and every translate() call. */
function recordingProvider(inner: () => Promise<Translator>) {
  const record = { provided: 0, translated: 0 };
  const provider: TranslatorProvider<Env> = async () => {
    record.provided++;
    const t = await inner();
    return {
      modelCard: () => t.modelCard(),
      translate: (texts, opts) => {
        record.translated++;
        return t.translate(texts, opts);
      },
    };
  };
  return { record, app: createApp({ getTranslator: provider }) };
}

const env = plainEnv({ TRANSLATE_CACHE_TTL: '0' });
const SENTENCE = 'Open the file menu, choose Save As and type a new name for the document. ';
/** `n` code points of English text (word boundaries included). */
const englishText = (n: number) => SENTENCE.repeat(Math.ceil(n / SENTENCE.length)).slice(0, n);
/** `n` code points, every one outside the BMP (two UTF-16 units, four UTF-8 bytes). */
const astralText = (n: number) => '😀'.repeat(n);

/** A JSON body padded with trailing spaces to exactly `bytes` bytes (valid JSON). */
function padTo(body: object, bytes: number): string {
  const json = JSON.stringify(body);
  const size = new TextEncoder().encode(json).byteLength;
  if (size > bytes) throw new Error(`body is already ${size} bytes`);
  return json + ' '.repeat(bytes - size);
}

const AT_LIMITS = {
  text: Array.from({ length: DEFAULT_MAX_TEXTS }, (_, i) => (i % 2 ? astralText : englishText)(DEFAULT_MAX_TEXT_CHARS)),
  reference: Array.from({ length: DEFAULT_MAX_TEXTS }, () => englishText(DEFAULT_MAX_TEXT_CHARS)),
  beam: MAX_BEAM,
  nbest: MAX_BEAM,
  alpha: MAX_ALPHA,
  // The decoding-work budget is a limit too: the largest maxLength it allows for this request.
  maxLength: Math.floor(MAX_DECODE_WORK / (DEFAULT_MAX_TEXTS * MAX_BEAM)),
  attention: true,
};

describe('a request exactly at every limit', () => {
  it(`is answered 200: ${DEFAULT_MAX_TEXTS} texts of ${DEFAULT_MAX_TEXT_CHARS} characters, beam ${MAX_BEAM}, nbest ${MAX_BEAM}, maxLength at the work budget, a body of exactly ${MAX_TRANSLATE_BODY_BYTES} bytes`, async () => {
    expect(decodeWork(AT_LIMITS.text, MAX_BEAM, AT_LIMITS.maxLength)).toBe(MAX_DECODE_WORK);
    const translator = wordTranslator();
    const { record, app } = recordingProvider(async () => translator);
    const body = padTo(AT_LIMITS, MAX_TRANSLATE_BODY_BYTES);
    const res = await app.request(`${BASE}/translate`, postJson(body), env);
    const { status, body: json } = await checkResponse(res, '/translate', 'at limits', { texts: DEFAULT_MAX_TEXTS });
    expect(status).toBe(200);
    expect(json.options).toEqual({ beam: MAX_BEAM, nbest: MAX_BEAM, alpha: MAX_ALPHA, maxLength: AT_LIMITS.maxLength, attention: true });
    expect(record.translated).toBe(1);
  });

  it(`scores a /bleu request with ${MAX_BLEU_SEGMENTS} segments and ${MAX_BLEU_REFERENCE_SETS} reference sets in a body of exactly ${MAX_BLEU_BODY_BYTES} bytes`, async () => {
    const app = createApp();
    // Five parallel streams of MAX_BLEU_SEGMENTS segments share the byte budget.
    const chars = Math.floor(MAX_BLEU_BODY_BYTES / (5 * MAX_BLEU_SEGMENTS)) - 4;
    const set = (k: number) => Array.from({ length: MAX_BLEU_SEGMENTS }, (_, i) => englishText(chars + ((i + k) % 3)).trim());
    const body = padTo({ hypotheses: set(0), references: Array.from({ length: MAX_BLEU_REFERENCE_SETS }, (_, k) => set(k + 1)) }, MAX_BLEU_BODY_BYTES);
    const started = Date.now();
    const res = await app.request(`${BASE}/bleu`, postJson(body), env);
    const { status } = await checkResponse(res, '/bleu', 'bleu at limits');
    console.log(`limits: /bleu at its limits (${MAX_BLEU_SEGMENTS} segments x ${1 + MAX_BLEU_REFERENCE_SETS} streams, ${MAX_BLEU_BODY_BYTES} bytes) took ${Date.now() - started} ms in workerd`);
    expect(status).toBe(200);
  }, 120_000);

  it('a single segment of /bleu may be as long as its limit', async () => {
    const segment = englishText(MAX_BLEU_SEGMENT_CHARS);
    const res = await createApp().request(`${BASE}/bleu`, postJson({ hypotheses: [segment], references: [segment] }), env);
    expect(res.status).toBe(200);
  });

  it(`is translated by the real model: one ${DEFAULT_MAX_TEXT_CHARS}-character text, beam ${MAX_BEAM}, nbest ${MAX_BEAM}, maxLength ${MAX_OUTPUT_LENGTH}, attention`, async () => {
    const { record, app } = recordingProvider(() => getTranslator({}));
    await app.request(`${BASE}/translate`, postJson({ text: 'warm up', beam: 1, maxLength: 2 }), env);
    const body = { ...AT_LIMITS, text: englishText(DEFAULT_MAX_TEXT_CHARS), reference: englishText(DEFAULT_MAX_TEXT_CHARS) };
    const started = Date.now();
    const res = await app.request(`${BASE}/translate`, postJson(body), env);
    const elapsed = Date.now() - started;
    const { status, body: json } = await checkResponse(res, '/translate', 'real model at limits', { texts: 1 });
    expect(status).toBe(200);
    const t = (json.translations as Array<{ nbest: { tokens: string[] }[]; attention: { weights: number[][] } }>)[0]!;
    expect(t.nbest.length).toBeGreaterThanOrEqual(1);
    expect(t.nbest.length).toBeLessThanOrEqual(MAX_BEAM);
    for (const h of t.nbest) expect(h.tokens.length).toBeLessThanOrEqual(MAX_OUTPUT_LENGTH);
    expect(t.attention.weights.length).toBe(t.nbest[0]!.tokens.length);
    expect(record.translated).toBe(2);
    console.log(`limits: real model, one ${DEFAULT_MAX_TEXT_CHARS}-char text at beam ${MAX_BEAM}: ${elapsed} ms in workerd, ${t.nbest[0]!.tokens.length} output tokens`);
  }, 240_000);
});

describe('a request over any one limit is refused before model work', () => {
  const over: Array<[string, unknown, number, string | undefined]> = [
    [`${DEFAULT_MAX_TEXTS + 1} texts`, { ...AT_LIMITS, text: [...AT_LIMITS.text, 'one more'], reference: undefined }, 400, 'text'],
    [`a text of ${DEFAULT_MAX_TEXT_CHARS + 1} characters`, { text: englishText(DEFAULT_MAX_TEXT_CHARS + 1) }, 400, 'text.0'],
    [`a text of ${DEFAULT_MAX_TEXT_CHARS + 1} astral characters`, { text: astralText(DEFAULT_MAX_TEXT_CHARS + 1) }, 400, 'text.0'],
    [`a reference of ${DEFAULT_MAX_TEXT_CHARS + 1} characters`, { text: 'hi', reference: englishText(DEFAULT_MAX_TEXT_CHARS + 1) }, 400, 'reference.0'],
    [`beam ${MAX_BEAM + 1}`, { text: 'hi', beam: MAX_BEAM + 1 }, 400, 'beam'],
    [`nbest ${MAX_BEAM + 1}`, { text: 'hi', beam: MAX_BEAM, nbest: MAX_BEAM + 1 }, 400, 'nbest'],
    [`maxLength ${MAX_OUTPUT_LENGTH + 1}`, { text: 'hi', maxLength: MAX_OUTPUT_LENGTH + 1 }, 400, 'maxLength'],
    [`alpha above ${MAX_ALPHA}`, { text: 'hi', alpha: MAX_ALPHA + 1e-9 }, 400, 'alpha'],
  ];
  for (const [what, body, status, field] of over) {
    it(`answers ${status} to ${what}`, async () => {
      const { record, app } = recordingProvider(async () => wordTranslator());
      const res = await app.request(`${BASE}/translate`, postJson(body), env);
      const error = await errorOf(res);
      expect(res.status, error.message).toBe(status);
      expect(error.field).toBe(field);
      expect(record).toEqual({ provided: 0, translated: 0 });
    });
  }

  it(`answers 413 to a body one byte over ${MAX_TRANSLATE_BODY_BYTES} bytes, with or without Content-Length`, async () => {
    const { record, app } = recordingProvider(async () => wordTranslator());
    const body = padTo({ text: 'hi' }, MAX_TRANSLATE_BODY_BYTES + 1);
    const sized = await app.request(`${BASE}/translate`, postJson(body, { 'Content-Length': String(body.length) }), env);
    expect(sized.status).toBe(413);
    const bytes = new TextEncoder().encode(body);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let at = 0; at < bytes.length; at += 16_384) controller.enqueue(bytes.subarray(at, at + 16_384));
        controller.close();
      },
    });
    const streamed = await app.request(`${BASE}/translate`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: stream }, env);
    expect(streamed.status).toBe(413);
    expect((await errorOf(streamed)).code).toBe('payload_too_large');
    expect(record).toEqual({ provided: 0, translated: 0 });
  });

  it('applies the lower limits an operator sets in env, before model work', async () => {
    const { record, app } = recordingProvider(async () => wordTranslator());
    const lowered = plainEnv({ MAX_TEXTS: '2', MAX_TEXT_CHARS: '20', TRANSLATE_CACHE_TTL: '0' });
    expect((await app.request(`${BASE}/translate`, postJson({ text: ['a', 'b', 'c'] }), lowered)).status).toBe(400);
    expect((await app.request(`${BASE}/translate`, postJson({ text: englishText(21) }), lowered)).status).toBe(400);
    expect(record).toEqual({ provided: 0, translated: 0 });
    expect((await app.request(`${BASE}/translate`, postJson({ text: ['a', englishText(20)] }), lowered)).status).toBe(200);
    expect(record.translated).toBe(1);
  });

  it('keeps env from raising a limit above its hard cap', async () => {
    const { record, app } = recordingProvider(async () => wordTranslator());
    const raised = plainEnv({ MAX_TEXTS: '100000', MAX_TEXT_CHARS: '100000' });
    const res = await app.request(`${BASE}/translate`, postJson({ text: Array(65).fill('a') }), raised);
    expect(res.status).toBe(400);
    expect((await errorOf(res)).message).toMatch(/at most 64 texts/);
    expect(record.provided).toBe(0);
  });

  const bleuOver: Array<[string, unknown, number]> = [
    [`${MAX_BLEU_SEGMENTS + 1} segments`, { hypotheses: Array(MAX_BLEU_SEGMENTS + 1).fill('a'), references: Array(MAX_BLEU_SEGMENTS + 1).fill('a') }, 400],
    [`a segment of ${MAX_BLEU_SEGMENT_CHARS + 1} characters`, { hypotheses: [englishText(MAX_BLEU_SEGMENT_CHARS + 1)], references: ['a'] }, 400],
    [`${MAX_BLEU_REFERENCE_SETS + 1} reference sets`, { hypotheses: ['a'], references: Array(MAX_BLEU_REFERENCE_SETS + 1).fill(['a']) }, 400],
    ['a body one byte over its limit', padTo({ hypotheses: ['a'], references: ['a'] }, MAX_BLEU_BODY_BYTES + 1), 413],
  ];
  for (const [what, body, status] of bleuOver) {
    it(`answers ${status} on /bleu to ${what}`, async () => {
      const res = await createApp().request(`${BASE}/bleu`, postJson(body), env);
      expect(res.status).toBe(status);
      expect((await errorOf(res)).code).toBe(status === 413 ? 'payload_too_large' : 'invalid_request');
    });
  }
});
