/**
 * zod schema of the POST /translate body. Built per text limits (env may lower
 * them); `text` and `reference` are normalised to arrays.
 */
import { z } from 'zod';
import { MAX_ALPHA, MAX_BEAM, MAX_OUTPUT_LENGTH, DEFAULT_BEAM, MAX_GLOSSARY_ENTRIES, MAX_GLOSSARY_TERM_CHARS, type TextLimits } from '../limits.ts';
import { textItem, textList } from './text-list.ts';
import { MAX_FEEDBACK_META_CHARS } from './feedback.ts';
import { MODEL_ID_PATTERN } from '../store/store-layout.ts';

/** A language code: two or three lower-case letters (ISO 639), e.g. "en". */
const language = z
  .string({ invalid_type_error: 'must be a language code such as "en"' })
  .regex(/^[a-z]{2,3}$/, { message: 'must be a language code of 2 or 3 lower-case letters, such as "en" or "es"' });

const int = (min: number, max: number) =>
  z
    .number({ invalid_type_error: 'must be an integer' })
    .int({ message: 'must be an integer' })
    .min(min, { message: `must be between ${min} and ${max}` })
    .max(max, { message: `must be between ${min} and ${max}` });

/** One glossary term: a non-blank string of at most MAX_GLOSSARY_TERM_CHARS code points. */
const term = z
  .string({ invalid_type_error: 'must be a string', required_error: 'is required' })
  .refine((t) => t.trim().length > 0, { message: 'must not be empty' })
  .refine((t) => [...t].length <= MAX_GLOSSARY_TERM_CHARS, { message: `must be at most ${MAX_GLOSSARY_TERM_CHARS} characters` });

/** `glossary: [{source, target}]`: terms forced in the translation (target === source: do not translate). */
const glossary = z
  .array(
    z.object({ source: term, target: term }, { invalid_type_error: 'each entry must be an object {source, target}' }).strict(),
    { invalid_type_error: 'must be an array of {source, target} entries' },
  )
  .max(MAX_GLOSSARY_ENTRIES, { message: `must have at most ${MAX_GLOSSARY_ENTRIES} entries` });

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
        glossary: glossary.optional(),
        source: language.optional(),
        target: language.optional(),
        model: z
          .string({ invalid_type_error: 'must be a model id string' })
          .regex(MODEL_ID_PATTERN, { message: 'must be a model id such as en-es-int8-e98ecdcbab4d (see GET /models)' })
          .optional(),
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
