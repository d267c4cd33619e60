/**
 * GET /model[?source=en&target=es][&model=<id>]: the model card of a pair's active (or the
 * pinned) version, plus the request limits in force.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../env.ts';
import { DEFAULT_ALPHA, DEFAULT_BEAM, DEFAULT_NBEST, MAX_ALPHA, MAX_BEAM, MAX_OUTPUT_LENGTH, textLimits } from '../limits.ts';
import { cacheControl } from '../middleware/cache-control.ts';
import type { TranslatorProvider } from '../serving/translator.ts';
import type { Env } from '../env.ts';

export function modelRoutes(getTranslator: TranslatorProvider<Env>): Hono<AppEnv> {
  return new Hono<AppEnv>().get('/model', cacheControl('public, max-age=300'), async (c) => {
    const q = (name: string) => c.req.query(name) || undefined;
    const translator = await getTranslator(c.env, { source: q('source'), target: q('target'), model: q('model') });
    return c.json({
      model: translator.modelCard(),
      limits: {
        ...textLimits(c.env),
        beam: { min: 1, max: MAX_BEAM, default: DEFAULT_BEAM },
        nbest: { min: 1, max: MAX_BEAM, default: DEFAULT_NBEST },
        alpha: { min: 0, max: MAX_ALPHA, default: DEFAULT_ALPHA },
        maxLength: { min: 1, max: MAX_OUTPUT_LENGTH },
      },
    });
  });
}
