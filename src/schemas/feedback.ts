/**
 * zod schemas of the feedback API: the POST /feedback body, the GET /feedback query and
 * the :id of POST /feedback/:id/accept.
 */
import { z } from 'zod';
import { HARD_MAX_TEXT_CHARS } from '../limits.ts';
import { textItem } from './text-list.ts';

/** Longest context and model id accepted. */
export const MAX_FEEDBACK_META_CHARS = 200;
/** Most rows one export returns. */
export const MAX_FEEDBACK_EXPORT_ROWS = 10_000;

/**
 * Stored text must survive D1 exactly: no NUL (SQLite text ends there) and no unpaired
 * surrogate (UTF-8 storage would turn it into U+FFFD), so a stored correction is served back
 * byte for byte.
 */
const storable = (item: z.ZodType<string, z.ZodTypeDef, unknown>) =>
  item.refine((s) => (!s.includes('\u0000') && !/\p{Cs}/u.test(s.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ''))), {
    message: 'must not contain NUL characters or unpaired surrogates',
  });

export function feedbackSchema(maxTextChars: number) {
  return z
    .object(
      {
        source: storable(textItem(maxTextChars)),
        translation: storable(textItem(HARD_MAX_TEXT_CHARS, true)),
        correction: storable(textItem(HARD_MAX_TEXT_CHARS)),
        model: storable(textItem(MAX_FEEDBACK_META_CHARS)).optional(),
        context: storable(textItem(MAX_FEEDBACK_META_CHARS, true)).optional(),
      },
      { invalid_type_error: 'request body must be a JSON object', required_error: 'request body is required' },
    )
    .strict();
}

export type FeedbackRequest = z.output<ReturnType<typeof feedbackSchema>>;

/** ?since=2026-01-01 or a full ISO time (default: everything); ?format=tsv|po; ?status=all|accepted; ?limit. */
export const feedbackQuerySchema = z
  .object({
    since: z
      .string()
      .refine((s) => /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(s) && !Number.isNaN(Date.parse(s)), { message: 'must be an ISO date or time, e.g. 2026-01-31 or 2026-01-31T12:00:00Z' })
      .optional(),
    format: z.enum(['tsv', 'po'], { message: 'must be tsv or po' }).optional(),
    status: z.enum(['all', 'accepted'], { message: 'must be all or accepted' }).optional(),
    limit: z
      .string()
      .regex(/^\d+$/, { message: `must be an integer between 1 and ${MAX_FEEDBACK_EXPORT_ROWS}` })
      .transform(Number)
      .refine((n) => n >= 1 && n <= MAX_FEEDBACK_EXPORT_ROWS, { message: `must be an integer between 1 and ${MAX_FEEDBACK_EXPORT_ROWS}` })
      .optional(),
  })
  .strict();

export const feedbackIdSchema = z.string().regex(/^[1-9]\d{0,15}$/, { message: 'must be a positive integer' }).transform(Number);
