/**
 * N-gram counters (sacrebleu/metrics/helpers.py). A Python `Counter` becomes a `Map` from
 * n-gram key to count; word n-grams are keyed by their tokens joined with one space
 * (unambiguous: tokens never contain whitespace), character n-grams by the substring.
 */
import { codePoints, pySplit } from './python-string.ts';

export type NgramCounts = Map<string, number>;

function countKeys(keys: Iterable<string>): NgramCounts {
  const counts: NgramCounts = new Map();
  for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  return counts;
}

function* windows(items: readonly string[], n: number, sep: string): Generator<string> {
  for (let i = 0; i + n <= items.length; i++) yield items.slice(i, i + n).join(sep);
}

/** `extract_word_ngrams(tokens, n)`: counts of the word n-grams of one order. */
export function wordNgrams(tokens: readonly string[], n: number): NgramCounts {
  return countKeys(windows(tokens, n, ' '));
}

/**
 * `extract_all_word_ngrams(line, 1, maxOrder)`: split the line on whitespace and count the
 * n-grams of every order; element n-1 of the result holds order n. Also returns the length.
 */
export function allWordNgrams(line: string, maxOrder: number): { ngrams: NgramCounts[]; length: number } {
  const tokens = pySplit(line);
  const ngrams: NgramCounts[] = [];
  for (let n = 1; n <= maxOrder; n++) ngrams.push(wordNgrams(tokens, n));
  return { ngrams, length: tokens.length };
}

/**
 * `extract_all_char_ngrams(line, maxOrder, includeWhitespace)`: character (code point)
 * n-grams of orders 1..maxOrder; whitespace is removed first unless `includeWhitespace`.
 */
export function allCharNgrams(line: string, maxOrder: number, includeWhitespace: boolean): NgramCounts[] {
  const text = includeWhitespace ? line : pySplit(line).join('');
  const ngrams: NgramCounts[] = [];
  if (HAS_SURROGATE.test(text)) {
    // Astral characters take two UTF-16 units: slide over code points like Python does.
    const chars = codePoints(text);
    for (let n = 1; n <= maxOrder; n++) ngrams.push(countKeys(windows(chars, n, '')));
  } else {
    // One unit per code point: plain substrings are the same n-grams, and faster.
    for (let n = 1; n <= maxOrder; n++) ngrams.push(countKeys(substrings(text, n)));
  }
  return ngrams;
}

const HAS_SURROGATE = /[\uD800-\uDFFF]/;

function* substrings(text: string, n: number): Generator<string> {
  for (let i = 0; i + n <= text.length; i++) yield text.substring(i, i + n);
}
