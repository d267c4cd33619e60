/**
 * Shared pieces of the metrics (sacrebleu/metrics/helpers.py and base.py): n-gram counters,
 * reference-stream validation, and reproducibility signatures.
 */
import { codePoints, pySplit } from './python-compat.ts';

/**
 * N-gram counters (sacrebleu/metrics/helpers.py). A Python `Counter` becomes a `Map` from
 * n-gram key to count; word n-grams are keyed by their tokens joined with one space
 * (unambiguous: tokens never contain whitespace), character n-grams by the substring.
 */

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

/**
 * Validation and transposition of sacreBLEU-style reference streams: `refs[k][i]` is the
 * k-th reference of segment i. A `null`/`undefined` entry means "no k-th reference for this
 * segment" (sacreBLEU's variable number of references); an empty string is a real (empty)
 * reference, as in sacreBLEU 2.6.0.
 */
export type ReferenceStreams = ReadonlyArray<ReadonlyArray<string | null | undefined>>;

/** Per-segment lists of defined references, after checking that every stream has one line per hypothesis. */
export function referencesBySegment(metric: string, numHyps: number, refs: ReferenceStreams): string[][] {
  if (numHyps === 0) throw new Error(`${metric}: no hypotheses given`);
  if (refs.length === 0) throw new Error(`${metric}: no reference streams given`);
  refs.forEach((stream, k) => {
    if (stream.length !== numHyps) {
      throw new Error(`${metric}: reference stream ${k + 1} has ${stream.length} lines but there are ${numHyps} hypotheses`);
    }
  });
  const segments: string[][] = [];
  for (let i = 0; i < numHyps; i++) {
    const lines = refs.map((stream) => stream[i]).filter((r): r is string => r !== null && r !== undefined);
    if (lines.length === 0) throw new Error(`${metric}: segment ${i + 1} has no reference`);
    segments.push(lines);
  }
  return segments;
}

/**
 * sacreBLEU reproducibility signatures (metrics/base.py `Signature.format`): `key:value`
 * pairs joined by `|`, starting with `nrefs`, metric-specific keys next and `version` last,
 * e.g. `nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0`.
 */

/** The sacreBLEU release whose numbers this module reproduces. */
export const SACREBLEU_VERSION = '2.6.0';

/** Number of references per segment, or 'var' when it differs between segments. */
export type NumRefs = number | 'var';

export function formatSignature(nrefs: NumRefs, fields: ReadonlyArray<readonly [string, string | number]>): string {
  const pairs = [['nrefs', nrefs] as const, ...fields, ['version', SACREBLEU_VERSION] as const];
  return pairs.map(([k, v]) => `${k}:${v}`).join('|');
}

/** sacreBLEU's rule: one count if every segment has the same number of references, else 'var'. */
export function numRefsOf(refsPerSegment: readonly number[]): NumRefs {
  const distinct = new Set(refsPerSegment);
  return distinct.size === 1 ? refsPerSegment[0] : 'var';
}
