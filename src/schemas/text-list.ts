/**
 * zod building block: "a string or a non-empty array of strings", normalised to
 * an array, with per-text limits counted in Unicode code points.
 */
import { z } from 'zod';

export interface TextListLimits {
  maxItems: number;
  maxChars: number;
  /** Whether an all-whitespace text is rejected. */
  allowBlank?: boolean;
}

const codePoints = (s: string): number => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};

/** One text: a string within maxChars (and non-blank unless allowed). */
export function textItem(maxChars: number, allowBlank = false) {
  return z
    .string({ invalid_type_error: 'must be a string' })
    .refine((s) => allowBlank || s.trim().length > 0, { message: 'must not be empty' })
    .refine((s) => codePoints(s) <= maxChars, { message: `must be at most ${maxChars} characters` });
}

/** A string or an array of strings, always parsed to string[] (1..maxItems entries). */
export function textList(limits: TextListLimits) {
  return z.preprocess(
    (v) => (typeof v === 'string' ? [v] : v),
    z
      .array(textItem(limits.maxChars, limits.allowBlank), {
        invalid_type_error: 'must be a string or an array of strings',
        required_error: 'is required',
      })
      .min(1, { message: 'must contain at least one text' })
      .max(limits.maxItems, { message: `must contain at most ${limits.maxItems} texts` }),
  );
}
