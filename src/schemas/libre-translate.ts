/**
 * The LibreTranslate `POST /translate` request: its parameters read from a JSON body or, like
 * LibreTranslate, from a form (urlencoded or multipart) plus the query string, then checked
 * in LibreTranslate's order and with its error messages (400, `{"error": "…"}`).
 *
 * Hand-written rather than zod: form values are all strings, and each message must be
 * LibreTranslate's own ("Invalid request: missing q parameter", ...).
 */
import type { Context } from 'hono';
import { ApiError } from '../api-error.ts';
import type { AppEnv } from '../env.ts';
import { MAX_BEAM, type TextLimits } from '../limits.ts';

/** The raw parameters, as LibreTranslate reads them (JSON values, or first form/query values). */
export type LibreParams = Record<string, unknown>;

export type LibreFormat = 'text' | 'html';

export interface LibreTranslateRequest {
  /** The texts (a string q is a batch of one). */
  q: string[];
  /** Whether q was an array: the response then has arrays too. */
  batch: boolean;
  /** A language code or "auto". */
  source: string;
  target: string;
  format: LibreFormat;
  /** Alternative translations wanted per text (0..MAX_ALTERNATIVES). */
  alternatives: number;
}

/** Alternatives come from the n-best list of a beam of at most MAX_BEAM. */
export const MAX_ALTERNATIVES = MAX_BEAM - 1;

const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/i;

const invalid = (message: string) => new ApiError(400, 'invalid_request', message);

/** Reads the request's parameters: the JSON object body, or the form body over the query string. */
export async function readLibreParams(c: Context<AppEnv>): Promise<LibreParams> {
  const mediaType = c.req.header('Content-Type')?.split(';')[0]?.trim() ?? '';
  if (JSON_MEDIA_TYPE.test(mediaType)) {
    let body: unknown;
    try {
      body = JSON.parse(await c.req.text());
    } catch {
      throw invalid('Invalid JSON format');
    }
    if (body === null || typeof body !== 'object' || Array.isArray(body)) throw invalid('Invalid JSON format');
    return body as LibreParams;
  }
  const params: LibreParams = { ...c.req.query() };
  if (/^(application\/x-www-form-urlencoded|multipart\/form-data)$/i.test(mediaType)) {
    let form: Record<string, unknown>;
    try {
      form = await c.req.parseBody({ all: true });
    } catch {
      throw invalid('Invalid request: the form body cannot be read');
    }
    for (const [k, v] of Object.entries(form)) params[k] = Array.isArray(v) ? v[0] : v;
  }
  // Form and query values: line endings normalised to LF, as LibreTranslate does.
  if (typeof params.q === 'string') params.q = params.q.replace(/\r\n?/g, '\n');
  return params;
}

function requiredString(params: LibreParams, name: string): string {
  const v = params[name];
  if (v === undefined || v === null || v === '') throw invalid(`Invalid request: missing ${name} parameter`);
  if (typeof v !== 'string') throw invalid(`Invalid request: ${name} parameter must be a string`);
  return v;
}

const codePoints = (s: string): number => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};

/** Checks the parameters in LibreTranslate's order; throws the first problem as a 400. */
export function parseLibreTranslate(params: LibreParams, limits: TextLimits): LibreTranslateRequest {
  const rawQ = params.q;
  if (rawQ === undefined || rawQ === null || rawQ === '' || (Array.isArray(rawQ) && rawQ.length === 0)) {
    throw invalid('Invalid request: missing q parameter');
  }
  if (!(typeof rawQ === 'string' || (Array.isArray(rawQ) && rawQ.every((t) => typeof t === 'string')))) {
    throw invalid('Invalid request: q parameter must be a string or an array of strings');
  }
  const source = requiredString(params, 'source');
  const target = requiredString(params, 'target');

  const rawAlternatives = params.alternatives ?? 0;
  const alternativesNumber = typeof rawAlternatives === 'string' && /^\s*[-+]?\d+\s*$/.test(rawAlternatives) ? Number(rawAlternatives) : rawAlternatives;
  if (typeof alternativesNumber !== 'number' || !Number.isFinite(alternativesNumber)) {
    throw invalid('Invalid request: alternatives parameter is not a number');
  }
  const alternatives = Math.max(0, Math.trunc(alternativesNumber));
  if (alternatives > MAX_ALTERNATIVES) throw invalid(`Invalid request: alternatives parameter must be <= ${MAX_ALTERNATIVES}`);

  const batch = Array.isArray(rawQ);
  const q = batch ? (rawQ as string[]) : [rawQ as string];
  if (q.length > limits.maxTexts) throw invalid(`Invalid request: request (${q.length}) exceeds text limit (${limits.maxTexts})`);
  for (const text of q) {
    const n = codePoints(text);
    if (n > limits.maxTextChars) throw invalid(`Invalid request: request (${n}) exceeds text limit (${limits.maxTextChars})`);
  }

  const rawFormat = params.format ?? 'text';
  const format = rawFormat === '' ? 'text' : rawFormat;
  if (format !== 'text' && format !== 'html') throw invalid(`${String(format)} format is not supported`);
  return { q, batch, source, target, format, alternatives };
}
