/**
 * The LibreTranslate-compatible API, mounted at /libre: a LibreTranslate client reaches it by
 * setting its URL alone (base URL `https://<host>/libre`; clients that take the full endpoint,
 * like the `translate` npm package's `url`, use `https://<host>/libre/translate`).
 *
 *  - `GET /libre/languages`: `[{code, name, targets}]` (public and not rate-limited, as in LibreTranslate).
 *  - `POST /libre/translate`: `q` (string or array), `source` (a code or "auto"), `target`,
 *    `format` ("text" or "html"), `alternatives` (n-best), `api_key`; JSON or form bodies.
 *    Answers `translatedText` (string or array, as q), `alternatives` when asked for, and
 *    `detectedLanguage` (`{language, confidence}`, 0–100) with "auto".
 *
 * Errors have LibreTranslate's shape `{"error": "…"}` and statuses: 400 for bad parameters and
 * unsupported languages or directions, 400 "Please contact the server operator to get an API
 * key" when a key is required and missing, 403 "Invalid API key", 429 "Slowdown: …" with
 * Retry-After past the rate limit (the same limiter as /translate), 413 for oversized bodies.
 */
import { Hono, type Context, type ErrorHandler, type MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ApiError } from '../api-error.ts';
import type { AppEnv, Env } from '../env.ts';
import { DEFAULT_ALPHA, DEFAULT_BEAM, MAX_DECODE_WORK, MAX_TRANSLATE_BODY_BYTES, decodeWork, textLimits } from '../limits.ts';
import { timingSafeEqualStrings } from '../middleware/bearer-auth.ts';
import { limitBody } from '../middleware/body-limit.ts';
import { rateLimit } from '../middleware/rate-limit.ts';
import { joinHtml, segmentTexts, splitHtml, type HtmlPart } from '../model/text/html-segments.ts';
import { parseLibreTranslate, readLibreParams, type LibreParams, type LibreTranslateRequest } from '../schemas/libre-translate.ts';
import { detectLanguage, type DetectedLanguage } from '../serving/detect-language.ts';
import { languageList, resolvePair } from '../serving/language-pairs.ts';
import type { TranslateOptions, TranslationResult, TranslatorProvider } from '../serving/translator.ts';

/** Where the LibreTranslate API is mounted. */
export const LIBRE_PREFIX = '/libre';

interface LibreEnv extends AppEnv {
  Variables: { params: LibreParams; apiKey: string | undefined };
}

export interface LibreTranslateResponse {
  translatedText: string | string[];
  alternatives?: string[] | string[][];
  detectedLanguage?: DetectedLanguage | DetectedLanguage[];
}

/** Errors as LibreTranslate answers them: `{"error": message}` with the status (and headers) kept. */
function libreErrorHandler(): ErrorHandler<LibreEnv> {
  return (err, c) => {
    if (err instanceof ApiError) return c.json({ error: err.message }, err.status as ContentfulStatusCode, err.headers);
    if (err instanceof HTTPException) return c.json({ error: err.message || 'Bad Request' }, err.status as ContentfulStatusCode);
    console.error(`unhandled error on ${c.req.method} ${c.req.path}: ${err.name}: ${err.message}`);
    return c.json({ error: 'Cannot translate text: internal error' }, 500);
  };
}

/** Reads the parameters once (JSON, or form over query) for the middleware after it. */
function readParams(): MiddlewareHandler<LibreEnv> {
  return async (c, next) => {
    c.set('params', await readLibreParams(c as unknown as Context<AppEnv>));
    return next();
  };
}

/**
 * LibreTranslate's `api_key`, checked against API_TOKEN when it is set (an `Authorization:
 * Bearer` header is accepted too). Without API_TOKEN, keys are ignored, as in a LibreTranslate
 * without --api-keys.
 */
function apiKeyAuth(): MiddlewareHandler<LibreEnv> {
  return async (c, next) => {
    const expected = c.env?.API_TOKEN;
    if (!expected) {
      c.set('apiKey', undefined);
      return next();
    }
    const fromBody = c.get('params').api_key;
    const fromHeader = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(c.req.header('Authorization') ?? '')?.[1];
    const key = typeof fromBody === 'string' && fromBody !== '' ? fromBody : fromHeader;
    if (key === undefined) throw new ApiError(400, 'unauthorized', 'Please contact the server operator to get an API key');
    if (!(await timingSafeEqualStrings(key, expected))) throw new ApiError(403, 'forbidden', 'Invalid API key');
    c.set('apiKey', key);
    return next();
  };
}

/** Unique alternatives other than the best translation, at most `n`. */
function alternativesOf(best: string, candidates: readonly string[], n: number): string[] {
  const seen = new Set([best, '']);
  const out: string[] = [];
  for (const t of candidates) {
    if (out.length >= n) break;
    if (!seen.has(t)) {
      seen.add(t);
      out.push(t);
    }
  }
  return out;
}

/** One q entry prepared for the engine: what to keep and the segments to translate. */
interface Prepared {
  parts: HtmlPart[];
  segments: string[];
}

/**
 * Plain text is translated line by line (the model knows single strings, not paragraphs):
 * line breaks, blank lines and each line's outer whitespace are kept.
 */
function splitLines(text: string): HtmlPart[] {
  return text.split(/(\n+)/).map((piece, i): HtmlPart => {
    if (i % 2 === 1 || piece.trim() === '') return { keep: piece };
    const lead = /^\s*/.exec(piece)![0];
    const trail = /\s*$/.exec(piece)![0];
    return { lead, text: piece.slice(lead.length, piece.length - trail.length), trail };
  });
}

function prepare(text: string, format: LibreTranslateRequest['format']): Prepared {
  const parts = format === 'html' ? splitHtml(text) : splitLines(text);
  return { parts, segments: segmentTexts(parts) };
}

/**
 * The translation of one q entry and its alternatives: hypothesis k of the whole text is
 * hypothesis k of every segment (the best one where a segment has fewer).
 */
function assemble(prepared: Prepared, results: readonly TranslationResult[], alternatives: number): { translation: string; alternatives: string[] } {
  const build = (k: number) => joinHtml(prepared.parts, results.map((r) => (r.nbest[k] ?? r.nbest[0])?.text ?? r.translation));
  const best = joinHtml(prepared.parts, results.map((r) => r.translation));
  const depth = Math.max(1, ...results.map((r) => r.nbest.length));
  const candidates = Array.from({ length: depth - 1 }, (_, i) => build(i + 1));
  return { translation: best, alternatives: alternativesOf(best, candidates, alternatives) };
}

async function translateHandler(c: Context<LibreEnv>, getTranslator: TranslatorProvider<Env>): Promise<Response> {
  const request = parseLibreTranslate(c.get('params'), textLimits(c.env));
  const detected = request.source === 'auto' ? detectLanguage(request.q) : undefined;
  const resolution = resolvePair(detected?.language ?? request.source, request.target);
  if (!resolution.ok) throw new ApiError(400, 'invalid_request', resolution.error);

  const nbest = request.alternatives + 1;
  const options: TranslateOptions = { beam: Math.max(DEFAULT_BEAM, nbest), nbest, alpha: DEFAULT_ALPHA, attention: false };
  const prepared = request.q.map((text) => prepare(text, request.format));
  const segments = prepared.flatMap((p) => p.segments);
  const work = decodeWork(segments, options.beam, undefined);
  if (work > MAX_DECODE_WORK) {
    throw new ApiError(400, 'invalid_request', `Invalid request: request needs up to ${work} beam-steps of decoding, more than the ${MAX_DECODE_WORK} allowed`);
  }
  // The direction is en → es for every resolvable pair today (language-pairs.ts).
  const translator = await getTranslator(c.env);
  const results = segments.length > 0 ? await translator.translate(segments, options) : [];
  if (results.length !== segments.length) throw new Error(`translator returned ${results.length} results for ${segments.length} texts`);

  let offset = 0;
  const outputs = prepared.map((p) => {
    const mine = results.slice(offset, offset + p.segments.length);
    offset += p.segments.length;
    return assemble(p, mine, request.alternatives);
  });
  const body: LibreTranslateResponse = request.batch
    ? {
        translatedText: outputs.map((o) => o.translation),
        ...(request.alternatives > 0 ? { alternatives: outputs.map((o) => o.alternatives) } : {}),
        ...(detected ? { detectedLanguage: request.q.map(() => detected) } : {}),
      }
    : {
        translatedText: outputs[0]!.translation,
        ...(request.alternatives > 0 ? { alternatives: outputs[0]!.alternatives } : {}),
        ...(detected ? { detectedLanguage: detected } : {}),
      };
  return c.json(body);
}

function methodNotAllowed(allow: string): MiddlewareHandler<LibreEnv> {
  return () => {
    throw new ApiError(405, 'method_not_allowed', 'The method is not allowed for the requested URL.', { headers: { Allow: allow } });
  };
}

export function libreRoutes(getTranslator: TranslatorProvider<Env>): Hono<AppEnv> {
  const app = new Hono<LibreEnv>();
  app.onError(libreErrorHandler());
  app.get('/languages', (c) => c.json(languageList()));
  app.post(
    '/translate',
    limitBody(MAX_TRANSLATE_BODY_BYTES) as unknown as MiddlewareHandler<LibreEnv>,
    readParams(),
    apiKeyAuth(),
    rateLimit<LibreEnv>({
      verifiedKey: (c) => c.get('apiKey'),
      message: (retryAfter) => `Slowdown: too many requests from this API key or client IP, retry in ${retryAfter} s`,
    }),
    (c) => translateHandler(c, getTranslator),
  );
  app.all('/translate', methodNotAllowed('POST, OPTIONS'));
  app.all('/languages', methodNotAllowed('GET, HEAD, OPTIONS'));
  return app as unknown as Hono<AppEnv>;
}
