/**
 * POST /translate: validated, cached translation with n-best lists, optional
 * attention matrices and, when `reference` is given, BLEU/chrF diagnostics.
 * Identical normalised requests (same model) are answered from the Cache API.
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
import { readCachedTranslation, storeTranslation, translateCacheKey } from '../serving/translate-cache.ts';
import type { TranslateOptions, TranslationResult, TranslatorProvider } from '../serving/translator.ts';

export interface TranslatedText extends TranslationResult {
  source: string;
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
        ...(body.glossary?.length ? { glossary: body.glossary } : {}),
      };
      const work = decodeWork(body.text, options.beam, options.maxLength);
      if (work > MAX_DECODE_WORK) {
        throw new ApiError(413, 'payload_too_large', `request needs up to ${work} beam-steps of decoding, more than the ${MAX_DECODE_WORK} allowed: send fewer or shorter texts, or lower beam or maxLength`);
      }
      const translator = await getTranslator(c.env, { source: body.source, target: body.target, model: body.model });
      const modelId = translator.modelCard().id;

      const ttl = translateCacheTtl(c.env);
      const key = ttl > 0 ? await translateCacheKey(c.req.url, modelId, { text: body.text, reference: body.reference, options }) : undefined;
      const cached = key ? await readCachedTranslation(key) : undefined;
      if (cached !== undefined) return c.json(cached as TranslateResponse, 200, { 'X-Cache': 'HIT' });

      const results = await translator.translate(body.text, options);
      if (results.length !== body.text.length) {
        throw new Error(`translator returned ${results.length} results for ${body.text.length} texts`);
      }
      const refs = body.reference;
      const translations: TranslatedText[] = results.map((r, i) => ({
        source: body.text[i]!,
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
      return c.json(payload, 200, headers);
    },
  );
}
