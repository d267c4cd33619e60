/**
 * Every request limit of the HTTP API, in one place.
 *
 * Hard caps are what the Worker can afford (128 MB isolate, CPU time per request);
 * env vars (see src/env.ts) may lower the per-request text limits, never raise them.
 */
import type { Env } from './env.ts';

/** Texts per /translate request: default and hard cap. */
export const DEFAULT_MAX_TEXTS = 16;
export const HARD_MAX_TEXTS = 64;
/** Characters (Unicode code points) per text: default and hard cap. */
export const DEFAULT_MAX_TEXT_CHARS = 1000;
export const HARD_MAX_TEXT_CHARS = 4000;

/** Beam search bounds of /translate. */
export const MAX_BEAM = 8;
export const DEFAULT_BEAM = 4;
export const DEFAULT_NBEST = 1;
/** GNMT length-penalty alpha bounds. */
export const MAX_ALPHA = 2;
export { DEFAULT_ALPHA } from './model/search/length-penalty.ts';
/** Glossary of one /translate request: entries, and characters per source or target term. */
export const MAX_GLOSSARY_ENTRIES = 64;
export const MAX_GLOSSARY_TERM_CHARS = 100;
/** Output length cap (decoding steps) a client may ask for. */
export const MAX_OUTPUT_LENGTH = 256;

/**
 * Decoding work budget of one /translate request, in beam-steps: Σ over texts of
 * beam × (decoding steps allowed for that text), with the steps estimated from above as
 * min(maxLength, 2·⌈chars/3⌉ + 10) (the decoder's own cap is 2·source subwords + 10, and
 * English subwords average more than 3 characters). Measured in Node on this project's
 * machine, one beam-step costs about 0.5–6 ms depending on the source length, so the
 * budget keeps a request inside the Workers Paid CPU limit (30 s). Over it: 413.
 */
export const MAX_DECODE_WORK = 4096;

/** The upper-bound decoding work of a request (see MAX_DECODE_WORK). */
export function decodeWork(texts: readonly string[], beam: number, maxLength: number | undefined): number {
  return texts.reduce((w, t) => w + beam * Math.min(maxLength ?? MAX_OUTPUT_LENGTH, 2 * Math.ceil([...t].length / 3) + 10), 0);
}

/** Request body sizes in bytes (413 above). */
export const MAX_TRANSLATE_BODY_BYTES = 256 * 1024;
export const MAX_BLEU_BODY_BYTES = 2 * 1024 * 1024;
/** Segments per /bleu request. */
export const MAX_BLEU_SEGMENTS = 5000;
/** Characters per /bleu segment. */
export const MAX_BLEU_SEGMENT_CHARS = 4000;
/** Reference sets per /bleu request (multi-reference BLEU). */
export const MAX_BLEU_REFERENCE_SETS = 4;

/** Default lifetime of a cached /translate answer, seconds. */
export const DEFAULT_TRANSLATE_CACHE_TTL = 24 * 3600;

/** Per-deployment text limits after applying env overrides. */
export interface TextLimits {
  maxTexts: number;
  maxTextChars: number;
}

/** A positive integer env value, clamped to [1, hardCap]; anything else gives the default. */
function positiveInt(raw: string | undefined, fallback: number, hardCap: number): number {
  if (raw === undefined || !/^\d+$/.test(raw.trim())) return fallback;
  const n = Number.parseInt(raw, 10);
  return n >= 1 ? Math.min(n, hardCap) : fallback;
}

/** The text limits in force for this environment. */
export function textLimits(env: Env | undefined): TextLimits {
  return {
    maxTexts: positiveInt(env?.MAX_TEXTS, DEFAULT_MAX_TEXTS, HARD_MAX_TEXTS),
    maxTextChars: positiveInt(env?.MAX_TEXT_CHARS, DEFAULT_MAX_TEXT_CHARS, HARD_MAX_TEXT_CHARS),
  };
}

/** Cache lifetime in seconds for /translate answers; 0 means do not cache. */
export function translateCacheTtl(env: Env | undefined): number {
  const raw = env?.TRANSLATE_CACHE_TTL?.trim();
  if (raw === undefined || !/^\d+$/.test(raw)) return DEFAULT_TRANSLATE_CACHE_TTL;
  return Math.min(Number.parseInt(raw, 10), 30 * 24 * 3600);
}

/**
 * Rate limit of the model routes: requests per period, per API key or client IP. The
 * binding's own config in wrangler.toml (`[[ratelimits]] simple = { limit, period }`) is what
 * enforces it; these are its shipped values (tests/unit/rate-limit-config.test.ts keeps the two equal).
 */
export const DEFAULT_RATE_LIMIT = 60;
export const DEFAULT_RATE_LIMIT_PERIOD = 60;

/** The rate-limit period in seconds (10 or 60, the only periods the binding accepts). */
export function rateLimitPeriod(env: Env | undefined): number {
  const raw = env?.RATE_LIMIT_PERIOD?.trim();
  return raw === '10' || raw === '60' ? Number(raw) : DEFAULT_RATE_LIMIT_PERIOD;
}
