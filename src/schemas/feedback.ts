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

export function feedbackSchema(maxTextChars: number) {
  return z
    .object(
      {
        source: textItem(maxTextChars),
        translation: textItem(HARD_MAX_TEXT_CHARS, true),
        correction: textItem(HARD_MAX_TEXT_CHARS),
        model: textItem(MAX_FEEDBACK_META_CHARS).optional(),
        context: textItem(MAX_FEEDBACK_META_CHARS, true).optional(),
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
