/**
 * zod schema of the POST /translate body. Built per text limits (env may lower
 * them); `text` and `reference` are normalised to arrays.
 */
import { z } from 'zod';
import { MAX_ALPHA, MAX_BEAM, MAX_OUTPUT_LENGTH, DEFAULT_BEAM, type TextLimits } from '../limits.ts';
import { textItem, textList } from './text-list.ts';
import { MAX_FEEDBACK_META_CHARS } from './feedback.ts';

const int = (min: number, max: number) =>
  z
    .number({ invalid_type_error: 'must be an integer' })
    .int({ message: 'must be an integer' })
    .min(min, { message: `must be between ${min} and ${max}` })
    .max(max, { message: `must be between ${min} and ${max}` });

function build(limits: TextLimits) {
  const texts = textList({ maxItems: limits.maxTexts, maxChars: limits.maxTextChars });
  return z
    .object(
      {
        text: texts,
        beam: int(1, MAX_BEAM).optional(),
        nbest: int(1, MAX_BEAM).optional(),
        alpha: z
          .number({ invalid_type_error: 'must be a number' })
          .min(0, { message: `must be between 0 and ${MAX_ALPHA}` })
          .max(MAX_ALPHA, { message: `must be between 0 and ${MAX_ALPHA}` })
          .optional(),
        maxLength: int(1, MAX_OUTPUT_LENGTH).optional(),
        attention: z.boolean({ invalid_type_error: 'must be true or false' }).optional(),
        reference: texts.optional(),
        /** Translation-memory context (like gettext's msgctxt): part of the memory's exact-match key. */
        context: textItem(MAX_FEEDBACK_META_CHARS, true).optional(),
      },
      { invalid_type_error: 'request body must be a JSON object', required_error: 'request body is required' },
    )
    .strict()
    .superRefine((body, ctx) => {
      const beam = body.beam ?? DEFAULT_BEAM;
      if (body.nbest !== undefined && body.nbest > beam) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ['nbest'],
          message: `must not exceed beam (${beam}${body.beam === undefined ? ', the default' : ''})`,
        });
      }
      if (body.reference !== undefined && body.reference.length !== body.text.length) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ['reference'],
          message: `must have as many entries as text (${body.text.length}), got ${body.reference.length}`,
        });
      }
    });
}

export type TranslateSchema = ReturnType<typeof build>;
export type TranslateRequest = z.output<TranslateSchema>;

const built = new Map<string, TranslateSchema>();

/** The /translate schema for these limits (memoised). */
export function translateSchema(limits: TextLimits): TranslateSchema {
  const key = `${limits.maxTexts}/${limits.maxTextChars}`;
  let schema = built.get(key);
  if (!schema) {
    schema = build(limits);
    built.set(key, schema);
  }
  return schema;
}
