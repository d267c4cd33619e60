/** GET /models: the published language pairs, each with its active version and every version's scores. */
import { Hono } from 'hono';
import type { AppEnv } from '../env.ts';
import { modelCatalog } from '../serving/model-provider.ts';

export function modelsRoutes(): Hono<AppEnv> {
  return new Hono<AppEnv>().get('/models', async (c) => c.json(await modelCatalog(c.env)));
}
