/**
 * zod schema of the POST /bleu body: corpus BLEU/chrF of hypotheses against one
 * reference set (string[]) or several (string[][], each as long as hypotheses).
 */
import { z } from 'zod';
import { MAX_BLEU_REFERENCE_SETS, MAX_BLEU_SEGMENTS, MAX_BLEU_SEGMENT_CHARS } from '../limits.ts';
import { textItem } from './text-list.ts';

export const BLEU_TOKENIZERS = ['13a', 'intl', 'char', 'zh', 'none'] as const;
export const BLEU_SMOOTHING = ['exp', 'floor', 'add-k', 'none'] as const;

const segment = textItem(MAX_BLEU_SEGMENT_CHARS, true);
const segments = z
  .array(segment, { invalid_type_error: 'must be an array of strings', required_error: 'is required' })
  .min(1, { message: 'must contain at least one segment' })
  .max(MAX_BLEU_SEGMENTS, { message: `must contain at most ${MAX_BLEU_SEGMENTS} segments` });

export const bleuSchema = z
  .object(
    {
      hypotheses: segments,
      references: z.union([
        segments,
        z
          .array(segments, { invalid_type_error: 'must be an array of strings or of string arrays' })
          .min(1, { message: 'must contain at least one reference set' })
          .max(MAX_BLEU_REFERENCE_SETS, { message: `must contain at most ${MAX_BLEU_REFERENCE_SETS} reference sets` }),
      ], { errorMap: () => ({ message: 'must be an array of strings or an array of string arrays' }) }),
      tokenize: z.enum(BLEU_TOKENIZERS, { errorMap: () => ({ message: `must be one of ${BLEU_TOKENIZERS.join(', ')}` }) }).optional(),
      lowercase: z.boolean({ invalid_type_error: 'must be true or false' }).optional(),
      smooth: z.enum(BLEU_SMOOTHING, { errorMap: () => ({ message: `must be one of ${BLEU_SMOOTHING.join(', ')}` }) }).optional(),
    },
    { invalid_type_error: 'request body must be a JSON object', required_error: 'request body is required' },
  )
  .strict()
  .transform((body) => ({
    ...body,
    /** Always reference sets: string[][] where each set is parallel to hypotheses. */
    references: typeof body.references[0] === 'string' ? [body.references as string[]] : (body.references as string[][]),
  }))
  .superRefine((body, ctx) => {
    body.references.forEach((set, i) => {
      if (set.length !== body.hypotheses.length) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ['references', ...(body.references.length > 1 ? [i] : [])],
          message: `must have as many segments as hypotheses (${body.hypotheses.length}), got ${set.length}`,
        });
      }
    });
  });

export type BleuRequest = z.output<typeof bleuSchema>;
