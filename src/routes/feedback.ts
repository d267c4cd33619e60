/**
 * The feedback API (behind the bearer auth like every non-public route):
 *  - POST /feedback {source, translation, correction, model?, context?}: stores a correction
 *    (201; 200 with duplicate: true when the same one is already stored), rate-limited;
 *  - POST /feedback/:id/accept: a token holder accepts it; from then on /translate serves it
 *    from the translation memory. Needs API_TOKEN to be configured (403 otherwise), so
 *    anonymous input never changes what others get;
 *  - GET /feedback?since=…&format=tsv|po&status=all|accepted: the export.
 * Without the FEEDBACK_DB binding every feedback route answers 503.
 */
import { Hono } from 'hono';
import { ApiError } from '../api-error.ts';
import type { AppEnv } from '../env.ts';
import { textLimits } from '../limits.ts';
import { toPo, toTsv } from '../feedback/feedback-export.ts';
import { acceptFeedback, insertFeedback, listFeedback } from '../feedback/feedback-store.ts';
import { limitBody } from '../middleware/body-limit.ts';
import { limitFeedback, submitterOf } from '../middleware/feedback-rate-limit.ts';
import { requireJson } from '../middleware/require-json.ts';
import { MAX_FEEDBACK_EXPORT_ROWS, feedbackIdSchema, feedbackQuerySchema, feedbackSchema } from '../schemas/feedback.ts';
import { validateJson, validationError } from '../schemas/validate-json.ts';

export const MAX_FEEDBACK_BODY_BYTES = 64 * 1024;

function database(env: AppEnv['Bindings']): D1Database {
  if (!env.FEEDBACK_DB) throw new ApiError(503, 'feedback_unavailable', 'feedback is not configured on this deployment (no FEEDBACK_DB binding)');
  return env.FEEDBACK_DB;
}

export function feedbackRoutes(): Hono<AppEnv> {
  return new Hono<AppEnv>()
    .post(
      '/feedback',
      requireJson(),
      limitBody(MAX_FEEDBACK_BODY_BYTES),
      validateJson((env) => feedbackSchema(textLimits(env).maxTextChars)),
      limitFeedback(),
      async (c) => {
        const db = database(c.env);
        const { row, duplicate } = await insertFeedback(db, c.req.valid('json'), await submitterOf(c), new Date());
        return c.json({ feedback: row, duplicate }, duplicate ? 200 : 201);
      },
    )
    .post('/feedback/:id/accept', async (c) => {
      const db = database(c.env);
      if (!c.env.API_TOKEN) throw new ApiError(403, 'forbidden', 'accepting corrections needs API_TOKEN to be set: without it every caller is anonymous');
      const id = feedbackIdSchema.safeParse(c.req.param('id'));
      if (!id.success) throw new ApiError(400, 'invalid_request', `id: ${id.error.issues[0]!.message}`, { field: 'id' });
      const row = await acceptFeedback(db, id.data, new Date());
      if (!row) throw new ApiError(404, 'not_found', `no feedback with id ${id.data}`);
      return c.json({ feedback: row });
    })
    .get('/feedback', async (c) => {
      const db = database(c.env);
      const query = feedbackQuerySchema.safeParse(c.req.query());
      if (!query.success) throw validationError(query.error.issues);
      const { since, format = 'tsv', status = 'all', limit = MAX_FEEDBACK_EXPORT_ROWS } = query.data;
      const rows = await listFeedback(db, since ? new Date(since).toISOString() : '', status === 'accepted', limit);
      const body = format === 'po' ? toPo(rows) : toTsv(rows);
      const type = format === 'po' ? 'text/x-gettext-translation; charset=utf-8' : 'text/tab-separated-values; charset=utf-8';
      return c.body(body, 200, { 'Content-Type': type, 'X-Feedback-Rows': String(rows.length) });
    });
}
