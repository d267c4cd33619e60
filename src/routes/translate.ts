/**
 * POST /translate: validated, cached translation with n-best lists, optional
 * attention matrices and, when `reference` is given, BLEU/chrF diagnostics.
 * Identical normalised requests (same model) are answered from the Cache API.
 * Texts with an accepted correction in the translation memory (src/feedback/) are answered
 * from it (`origin: "memory"`) without the model; the others by the model (`origin: "model"`).
 */
import { Hono, type Context } from 'hono';
import type { AppEnv, Env } from '../env.ts';
import { DEFAULT_ALPHA, DEFAULT_BEAM, DEFAULT_NBEST, MAX_DECODE_WORK, MAX_TRANSLATE_BODY_BYTES, decodeWork, textLimits, translateCacheTtl } from '../limits.ts';
import { ApiError } from '../api-error.ts';
import { limitBody } from '../middleware/body-limit.ts';
import { requireJson } from '../middleware/require-json.ts';
import { corpusScores, sentenceScores, type ReferenceScores } from '../serving/reference-scores.ts';
import { translateSchema } from '../schemas/translate.ts';
import { validateJson } from '../schemas/validate-json.ts';
import { lookupMemory } from '../feedback/translation-memory.ts';
import { readCachedTranslation, storeTranslation, translateCacheKey } from '../serving/translate-cache.ts';
import type { TranslateOptions, TranslationResult, TranslatorProvider } from '../serving/translator.ts';

export interface TranslatedText extends TranslationResult {
  source: string;
  /** "memory": an accepted human correction (exact match on source + context); "model": machine translation. */
  origin: 'memory' | 'model';
  reference?: string;
  scores?: ReferenceScores;
}

export interface TranslateResponse {
  model: string;
  options: TranslateOptions;
  translations: TranslatedText[];
  /** Corpus scores over all texts, when references were given. */
  scores?: ReferenceScores;
}

/** Runs `work` after the response when the runtime allows it (waitUntil), else awaits it. */
async function afterResponse(c: Context<AppEnv>, work: Promise<void>): Promise<void> {
  const guarded = work.catch((e: unknown) => console.error(`translate cache write failed: ${String(e)}`));
  let ctx: ExecutionContext | undefined;
  try {
    ctx = c.executionCtx as ExecutionContext;
  } catch {
    ctx = undefined; // app.request() in tests has no ExecutionContext
  }
  if (ctx) ctx.waitUntil(guarded);
  else await guarded;
}

/** Accepted corrections for the texts (none without the FEEDBACK_DB binding or with TRANSLATION_MEMORY=0). */
async function memoryMatches(env: Env, texts: readonly string[], context: string | undefined): Promise<(string | undefined)[]> {
  if (!env.FEEDBACK_DB || env.TRANSLATION_MEMORY === '0') return texts.map(() => undefined);
  try {
    return await lookupMemory(env.FEEDBACK_DB, texts, context);
  } catch (e) {
    // The memory is an addition: if D1 fails (or its migrations were not applied), translate with the model.
    console.error(`translation memory lookup failed, using the model: ${(e as Error).message}`);
    return texts.map(() => undefined);
  }
}

/** A memory match as a translation result: one n-best entry, no scores, no confidence, no attention. */
function memoryResult(correction: string): TranslationResult {
  return { translation: correction, nbest: [{ text: correction, score: 0, normScore: 0, tokens: [], finished: true }] };
}

export function translateRoutes(getTranslator: TranslatorProvider<Env>): Hono<AppEnv> {
  return new Hono<AppEnv>().post(
    '/translate',
    requireJson(),
    limitBody(MAX_TRANSLATE_BODY_BYTES),
    validateJson((env) => translateSchema(textLimits(env))),
    async (c) => {
      const body = c.req.valid('json');
      const options: TranslateOptions = {
        beam: body.beam ?? DEFAULT_BEAM,
        nbest: body.nbest ?? DEFAULT_NBEST,
        alpha: body.alpha ?? DEFAULT_ALPHA,
        maxLength: body.maxLength,
        attention: body.attention ?? false,
      };
      const work = decodeWork(body.text, options.beam, options.maxLength);
      if (work > MAX_DECODE_WORK) {
        throw new ApiError(413, 'payload_too_large', `request needs up to ${work} beam-steps of decoding, more than the ${MAX_DECODE_WORK} allowed: send fewer or shorter texts, or lower beam or maxLength`);
      }
      const translator = await getTranslator(c.env);
      const modelId = translator.modelCard().id;

      // Translation memory first: accepted corrections are part of the cache key, so accepting one is seen at once.
      const lookupStart = performance.now(); // advances across the D1 round trip (I/O), so this times the lookup
      const memory = await memoryMatches(c.env, body.text, body.context);
      const lookupMs = performance.now() - lookupStart;
      const ttl = translateCacheTtl(c.env);
      const key = ttl > 0 ? await translateCacheKey(c.req.url, modelId, { text: body.text, reference: body.reference, options, context: body.context ?? '', memory: memory.map((m) => m ?? null) }) : undefined;
      const cached = key ? await readCachedTranslation(key) : undefined;
      if (cached !== undefined) return c.json(cached as TranslateResponse, 200, { 'X-Cache': 'HIT' });

      const toModel = body.text.filter((_, i) => memory[i] === undefined);
      const modelResults = toModel.length > 0 ? await translator.translate(toModel, options) : [];
      if (modelResults.length !== toModel.length) {
        throw new Error(`translator returned ${modelResults.length} results for ${toModel.length} texts`);
      }
      let next = 0;
      const results = body.text.map((_, i) => (memory[i] !== undefined ? memoryResult(memory[i]!) : modelResults[next++]!));
      const refs = body.reference;
      const translations: TranslatedText[] = results.map((r, i) => ({
        source: body.text[i]!,
        origin: memory[i] !== undefined ? 'memory' : 'model',
        ...r,
        nbest: r.nbest.slice(0, options.nbest),
        ...(refs ? { reference: refs[i]!, scores: sentenceScores(r.translation, [refs[i]!]) } : {}),
      }));
      const payload: TranslateResponse = {
        model: modelId,
        options,
        translations,
        ...(refs ? { scores: corpusScores(results.map((r) => r.translation), [refs]) } : {}),
      };
      if (key) await afterResponse(c, storeTranslation(key, payload, ttl));
      const headers: Record<string, string> = { 'X-Cache': key ? 'MISS' : 'BYPASS' };
      if (c.env.DIAGNOSTICS === '1' && translator.memory) headers['X-Isolate-Memory'] = JSON.stringify(translator.memory());
      if (c.env.DIAGNOSTICS === '1') headers['X-Memory-Lookup-Ms'] = lookupMs.toFixed(2);
      return c.json(payload, 200, headers);
    },
  );
}
