/**
 * Bad-input fuzzing of POST /translate and POST /bleu inside workerd, with the real
 * bundled model behind the app: thousands of random and adversarial bodies (random
 * JSON, deep nesting, huge strings, invalid UTF-8, lone surrogates, control characters,
 * emoji, RTL text, long words, placeholder look-alikes, wrong content types, empty
 * bodies). Every answer must be a 200 with a well-formed body or a 4xx JSON error
 * (tests/worker/fuzz-response.ts), within a time bound, and the tfjs tensor count must
 * be unchanged at the end. Bodies that reach the model use beam <= 2 and short outputs,
 * so the model work stays small; the number of cases and of model calls is printed.
 */
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import type { Env } from '../../src/env.ts';
import { getTranslator } from '../../src/serving/model-provider.ts';
import { MAX_BLEU_BODY_BYTES, MAX_BLEU_SEGMENTS, MAX_TRANSLATE_BODY_BYTES } from '../../src/limits.ts';
import type { Translator, TranslatorProvider } from '../../src/serving/translator.ts';
import {
  ADVERSARIAL_TEXTS,
  INVALID_UTF8,
  WRONG_CONTENT_TYPES,
  bodyWithBytes,
  hostileText,
  nestedJson,
  optionValue,
  rawBody,
} from './fuzz-inputs.ts';
import { checkResponse, withinMs, type Route } from './fuzz-response.ts';
import { BASE, plainEnv } from './helpers.ts';

/** Longest any single request may take before it counts as a hang. */
const REQUEST_MS = 30_000;

const model = { requests: 0, texts: 0 };
const cases: Record<string, number> = {};

/** The real bundled translator, counting the requests that reach it. */
const countingProvider: TranslatorProvider<Env> = async (env) => {
  const real: Translator = await getTranslator(env);
  return {
    modelCard: () => real.modelCard(),
    translate: (texts, opts) => {
      model.requests++;
      model.texts += texts.length;
      return real.translate(texts, opts);
    },
  };
};
const app = createApp({ getTranslator: countingProvider });

interface Send {
  route: Route;
  body?: string | Uint8Array;
  contentType?: string | undefined;
  env?: Env;
  texts?: number;
}

/** Sends one request, checks the contract, counts it under `category`; returns the status. */
async function send(category: string, request: Send): Promise<number> {
  const { route, body, env = plainEnv(), texts } = request;
  // An explicit `contentType: undefined` sends no Content-Type (a string body then gets text/plain).
  const contentType = 'contentType' in request ? request.contentType : 'application/json';
  cases[category] = (cases[category] ?? 0) + 1;
  const headers: Record<string, string> = contentType === undefined ? {} : { 'Content-Type': contentType };
  const label = `${category} ${route} ${typeof body === 'string' ? body.slice(0, 120) : `<${body?.length ?? 0} bytes>`}`;
  const res = await withinMs(REQUEST_MS, label, Promise.resolve(app.request(`${BASE}${route}`, { method: 'POST', headers, body: body as BodyInit | undefined }, env)));
  return (await checkResponse(res, route, label, { texts })).status;
}

const noCache = plainEnv({ TRANSLATE_CACHE_TTL: '0' });
let tensorsBefore = 0;

beforeAll(async () => {
  // Load the model once (and warm the kernels) so the tensor count is stable.
  const status = await send('warm-up', { route: '/translate', body: JSON.stringify({ text: 'Open the file', beam: 2, maxLength: 8 }), env: noCache });
  expect(status).toBe(200);
  expect(tf.getBackend()).toBe('wasm');
  tensorsBefore = tf.memory().numTensors;
}, 120_000);

afterAll(() => {
  const total = Object.values(cases).reduce((a, b) => a + b, 0);
  const byCategory = Object.entries(cases).map(([k, v]) => `${k}=${v}`).join(' ');
  console.log(`fuzz: ${total} requests, ${model.requests} reached the model (${model.texts} texts); ${byCategory}`);
});

describe('random JSON bodies', () => {
  for (const route of ['/translate', '/bleu'] as const) {
    it(`answers 200 or a 4xx JSON error to 1200 random JSON values on ${route}`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.jsonValue({ maxDepth: 6 }), async (value) => {
          await send('random-json', { route, body: JSON.stringify(value) });
        }),
        { numRuns: 1200 },
      );
    }, 120_000);

    it(`answers 200 or a 4xx JSON error to 300 arbitrary JavaScript values serialised on ${route}`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.anything({ maxDepth: 4, withNullPrototype: true, withObjectString: true }), async (value) => {
          let body: string | undefined;
          try {
            body = JSON.stringify(value); // undefined for undefined and functions: an empty body
          } catch {
            body = '{"unserialisable": true}';
          }
          await send('random-anything', { route, body: body ?? '' });
        }),
        { numRuns: 300 },
      );
    }, 120_000);
  }
});

describe('structured bodies with hostile texts and options', () => {
  const validBeam = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 1;
  /** Out-of-range option values, or small valid ones: keeps the model work bounded. */
  const beam = fc.oneof(fc.constantFrom(1, 2), optionValue.filter((v) => !validBeam(v) || (v as number) > 8));
  const maxLength = fc.oneof(fc.integer({ min: 1, max: 8 }), optionValue.filter((v) => !validBeam(v) || (v as number) > 256));
  const texts = fc.oneof(hostileText(), fc.array(hostileText(), { minLength: 0, maxLength: 4 }), optionValue);

  it('answers 200 or a 4xx JSON error to 700 /translate bodies mixing hostile texts and out-of-range options', async () => {
    const body = fc.record(
      {
        text: texts,
        beam,
        nbest: fc.oneof(fc.constant(1), optionValue.filter((v) => !validBeam(v) || (v as number) > 8)),
        alpha: fc.oneof(fc.double({ min: 0, max: 2, noNaN: true }), optionValue),
        maxLength,
        attention: fc.oneof(fc.boolean(), optionValue),
        reference: fc.oneof(hostileText(), fc.array(hostileText(), { maxLength: 4 })),
        extra: fc.jsonValue({ maxDepth: 2 }),
      },
      { requiredKeys: ['text', 'maxLength'] },
    );
    await fc.assert(
      fc.asyncProperty(body, fc.boolean(), async (value, cache) => {
        await send('structured', { route: '/translate', body: JSON.stringify(value), env: cache ? plainEnv() : noCache });
      }),
      { numRuns: 700 },
    );
  }, 180_000);

  it('translates every adversarial text (alone, greedy and beam 2, with attention and a reference)', async () => {
    let translated = 0;
    for (const text of ADVERSARIAL_TEXTS) {
      // The two 1000-letter words (1000 subwords each) run once, greedy: the encoder dominates.
      for (const beamSize of text.length > 500 && /^[a-zA-Z]+$/.test(text) ? [1] : [1, 2]) {
        const body = { text, beam: beamSize, nbest: beamSize, maxLength: 6, attention: true, reference: 'hola mundo' };
        const status = await send('adversarial', { route: '/translate', body: JSON.stringify(body), env: noCache, texts: 1 });
        // Blank texts (only separators that trim() removes) are the one expected rejection.
        expect(status === 200 || text.trim() === '', JSON.stringify(text.slice(0, 40))).toBe(true);
        if (status === 200) translated++;
      }
    }
    expect(translated).toBeGreaterThanOrEqual(2 * (ADVERSARIAL_TEXTS.length - 1) - 2);
  }, 240_000);

  it('translates the short adversarial texts 16 at a time and scores them with /bleu', async () => {
    const short = ADVERSARIAL_TEXTS.filter((t) => t.length <= 100 && t.trim() !== '');
    for (let i = 0; i < short.length; i += 16) {
      const batch = short.slice(i, i + 16);
      const status = await send('adversarial-batch', {
        route: '/translate',
        body: JSON.stringify({ text: batch, beam: 1, maxLength: 4, reference: batch }),
        env: noCache,
        texts: batch.length,
      });
      expect(status).toBe(200);
    }
    for (const tokenize of ['13a', 'intl', 'char', 'zh', 'none']) {
      const body = { hypotheses: ADVERSARIAL_TEXTS, references: [ADVERSARIAL_TEXTS, [...ADVERSARIAL_TEXTS].reverse()], tokenize, lowercase: true };
      expect(await send('adversarial-bleu', { route: '/bleu', body: JSON.stringify(body) })).toBe(200);
    }
  }, 120_000);

  it('answers 200 or a 4xx JSON error to 500 /bleu bodies with hostile segments', async () => {
    const segments = fc.array(hostileText(60), { minLength: 0, maxLength: 6 });
    const body = fc.record(
      {
        hypotheses: fc.oneof(segments, optionValue),
        references: fc.oneof(segments, fc.array(segments, { maxLength: 5 }), optionValue),
        tokenize: fc.oneof(fc.constantFrom('13a', 'intl', 'char', 'zh', 'none'), optionValue),
        lowercase: fc.oneof(fc.boolean(), optionValue),
        smooth: fc.oneof(fc.constantFrom('exp', 'floor', 'add-k', 'none'), optionValue),
      },
      { requiredKeys: ['hypotheses', 'references'] },
    );
    await fc.assert(
      fc.asyncProperty(body, async (value) => {
        await send('structured-bleu', { route: '/bleu', body: JSON.stringify(value) });
      }),
      { numRuns: 500 },
    );
  }, 120_000);
});

describe('deeply nested JSON', () => {
  const depths = [64, 1_000, 10_000, 40_000, 120_000];
  for (const route of ['/translate', '/bleu'] as const) {
    it(`answers a 4xx JSON error to arrays and objects nested up to ${depths.at(-1)} levels on ${route}`, async () => {
      for (const depth of depths) {
        for (const kind of ['array', 'object', 'mixed'] as const) {
          for (const underText of [false, true]) {
            const body = nestedJson(depth, kind, underText);
            const status = await send('deep-nesting', { route, body });
            expect(status, `${kind} depth ${depth}`).toBeGreaterThanOrEqual(400);
          }
        }
      }
      // Unbalanced: opened a million times, never closed (bigger than the /translate limit).
      expect(await send('deep-nesting', { route, body: '['.repeat(1_000_000) })).toBeGreaterThanOrEqual(400);
    }, 120_000);
  }
});

describe('huge strings', () => {
  it('rejects over-long texts and bodies with 400 or 413, whatever the characters', async () => {
    for (const unit of ['a', ' ', '😀', '\uD800', '\u0000', '%s', '\uE000', 'ß']) {
      for (const n of [1_001, 10_000, 100_000]) {
        const text = unit.repeat(n);
        const body = JSON.stringify({ text, beam: 1, maxLength: 4 });
        const status = await send('huge-string', { route: '/translate', body });
        expect([400, 413], `${JSON.stringify(unit)} x ${n}`).toContain(status);
        if (body.length > MAX_TRANSLATE_BODY_BYTES) expect(status).toBe(413);
      }
    }
    // A body just under the byte limit whose one text is far over the character limit.
    const pad = MAX_TRANSLATE_BODY_BYTES - '{"text":""}'.length - 16;
    expect(await send('huge-string', { route: '/translate', body: JSON.stringify({ text: 'b'.repeat(pad) }) })).toBe(400);
  }, 120_000);

  it('scores a /bleu body near its 2 MB limit and rejects one over it', async () => {
    // As many segments as allowed, each as long as fits 90% of the byte limit.
    const n = MAX_BLEU_SEGMENTS;
    const segment = 'the cat sat on the mat; '.repeat(20).slice(0, Math.floor((MAX_BLEU_BODY_BYTES * 0.9) / (2 * n)) - 3);
    const fits = JSON.stringify({ hypotheses: Array(n).fill(segment), references: Array(n).fill(segment.toUpperCase()) });
    expect(fits.length).toBeGreaterThan(MAX_BLEU_BODY_BYTES * 0.85);
    expect(await send('huge-string', { route: '/bleu', body: fits })).toBe(200);
    const over = JSON.stringify({ hypotheses: ['x'.repeat(MAX_BLEU_BODY_BYTES)], references: ['x'] });
    expect(await send('huge-string', { route: '/bleu', body: over })).toBe(413);
  }, 120_000);
});

describe('raw bytes, content types and empty bodies', () => {
  for (const route of ['/translate', '/bleu'] as const) {
    it(`answers 200 or a 4xx JSON error to 500 raw byte bodies (invalid UTF-8, BOM, UTF-16) on ${route}`, async () => {
      await fc.assert(
        fc.asyncProperty(rawBody(route), async (bytes) => {
          await send('raw-bytes', { route, body: bytes, env: noCache });
        }),
        { numRuns: 500 },
      );
    }, 120_000);

    it(`decodes invalid UTF-8 inside a JSON string as U+FFFD and answers 200 on ${route}`, async () => {
      for (const bad of INVALID_UTF8) {
        const status = await send('invalid-utf8', { route, body: bodyWithBytes(route, bad), env: noCache, texts: 1 });
        expect(status, bad.map((b) => b.toString(16)).join(' ')).toBe(200);
      }
    }, 60_000);

    it(`answers 415 to every non-JSON content type on ${route}`, async () => {
      const body = route === '/translate' ? '{"text":"hi","beam":1}' : '{"hypotheses":["a"],"references":["a"]}';
      for (const contentType of WRONG_CONTENT_TYPES) {
        expect(await send('content-type', { route, body, contentType }), String(contentType)).toBe(415);
      }
      for (const contentType of ['application/json; charset=utf-8', 'APPLICATION/JSON', 'application/vnd.api+json']) {
        expect(await send('content-type', { route, body, contentType, env: noCache }), contentType).toBe(200);
      }
    }, 60_000);

    it(`answers 400 invalid_json (or 415 without a content type) to empty bodies on ${route}`, async () => {
      for (const body of [undefined, '', new Uint8Array(0), ' ', '\n', '\uFEFF']) {
        expect(await send('empty-body', { route, body })).toBe(400);
        expect(await send('empty-body', { route, body, contentType: undefined })).toBe(415);
      }
    }, 60_000);
  }
});

describe('after the fuzzing', () => {
  it('ran thousands of cases, some of them through the model', () => {
    const total = Object.values(cases).reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(5_000);
    expect(model.requests).toBeGreaterThan(100);
  });

  it('left no tensor behind', () => {
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });
});
