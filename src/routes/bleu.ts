/** POST /bleu: corpus BLEU / chrF / chrF++ of hypotheses against one or more reference sets. */
import { Hono } from 'hono';
import type { AppEnv } from '../env.ts';
import { MAX_BLEU_BODY_BYTES } from '../limits.ts';
import { limitBody } from '../middleware/body-limit.ts';
import { requireJson } from '../middleware/require-json.ts';
import { corpusScores } from '../serving/reference-scores.ts';
import { bleuSchema } from '../schemas/bleu.ts';
import { validateJson } from '../schemas/validate-json.ts';

export function bleuRoutes(): Hono<AppEnv> {
  return new Hono<AppEnv>().post(
    '/bleu',
    requireJson(),
    limitBody(MAX_BLEU_BODY_BYTES),
    validateJson(() => bleuSchema),
    (c) => {
      const body = c.req.valid('json');
      const scores = corpusScores(body.hypotheses, body.references, {
        tokenize: body.tokenize,
        lowercase: body.lowercase,
        smooth: body.smooth,
      });
      return c.json({ segments: body.hypotheses.length, referenceSets: body.references.length, ...scores });
    },
  );
}
