/**
 * Corpus and sentence BLEU exactly as sacreBLEU 2.6.0 computes them (metrics/bleu.py).
 *
 * Per segment: lowercase (optional), `rstrip`, tokenize, split on whitespace; count
 * hypothesis n-grams (n = 1..4) clipped by the maximum count of that n-gram in any single
 * reference; the reference length is the closest one to the hypothesis length (ties go to
 * the shorter). Statistics are summed over the corpus and turned into a score by
 * `computeBleu` (see compute-bleu.ts for the formula and the smoothing methods).
 */
import { computeBleu, MAX_NGRAM_ORDER, resolveSmoothValue, SMOOTH_DEFAULTS, sumBleuStats, type BleuComputeOptions, type BleuCore, type BleuStats } from './compute-bleu.ts';
import { allWordNgrams, type NgramCounts } from './ngrams.ts';
import { pyFixed } from './py-fixed.ts';
import { pyLower, pyRstrip } from './python-string.ts';
import { referencesBySegment, type ReferenceStreams } from './reference-streams.ts';
import { formatSignature, numRefsOf, type NumRefs } from './signature.ts';
import { DEFAULT_TOKENIZER, getTokenizer, type TokenizerName } from './tokenizers.ts';

export interface BleuOptions extends BleuComputeOptions {
  /** Default `13a`. */
  tokenize?: TokenizerName;
  /** Case-insensitive BLEU (Python `str.lower()` on hypotheses and references). */
  lowercase?: boolean;
}

export interface BleuScore extends BleuCore {
  name: 'BLEU';
  /** sacreBLEU signature, e.g. `nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0`. */
  signature: string;
}

/** `BLEU._preprocess_segment`: optional lowercasing, then the tokenizer on the right-stripped line. */
function preprocess(sent: string, opts: BleuOptions): string {
  const s = opts.lowercase ? pyLower(sent) : sent;
  return getTokenizer(opts.tokenize ?? DEFAULT_TOKENIZER)(pyRstrip(s));
}

/** `_get_closest_ref_len`: the reference length closest to the hypothesis length, shorter on ties. */
export function closestRefLen(hypLen: number, refLens: readonly number[]): number {
  let closestDiff = -1;
  let closestLen = -1;
  for (const refLen of refLens) {
    const diff = Math.abs(hypLen - refLen);
    if (closestDiff === -1 || diff < closestDiff) {
      closestDiff = diff;
      closestLen = refLen;
    } else if (diff === closestDiff && refLen < closestLen) {
      closestLen = refLen;
    }
  }
  return closestLen;
}

/** Sufficient statistics of one segment against its (raw, untokenized) references. */
export function bleuSegmentStats(hyp: string, refs: readonly string[], opts: BleuOptions = {}): BleuStats {
  const maxOrder = opts.maxNgramOrder ?? MAX_NGRAM_ORDER;
  if (refs.length === 0) throw new Error('BLEU: a segment needs at least one reference');
  // Reference n-gram counts: per order, the maximum count over the references.
  const refMax: NgramCounts[] = Array.from({ length: maxOrder }, () => new Map());
  const refLens: number[] = [];
  for (const ref of refs) {
    const { ngrams, length } = allWordNgrams(preprocess(ref, opts), maxOrder);
    refLens.push(length);
    ngrams.forEach((counts, i) => {
      for (const [g, c] of counts) refMax[i].set(g, Math.max(refMax[i].get(g) ?? 0, c));
    });
  }
  const { ngrams: hypNgrams, length: hypLen } = allWordNgrams(preprocess(hyp, opts), maxOrder);
  const correct = new Array(maxOrder).fill(0);
  const total = new Array(maxOrder).fill(0);
  hypNgrams.forEach((counts, i) => {
    for (const [g, c] of counts) {
      total[i] += c;
      correct[i] += Math.min(c, refMax[i].get(g) ?? 0);
    }
  });
  return { sysLen: hypLen, refLen: closestRefLen(hypLen, refLens), correct, total };
}

/** The sacreBLEU signature of a BLEU configuration. */
export function bleuSignature(opts: BleuOptions, nrefs: NumRefs): string {
  const method = opts.smoothMethod ?? 'exp';
  // Methods that take a value show it with two decimals, e.g. `floor[0.10]`, `add-k[1.00]`.
  const value = SMOOTH_DEFAULTS[method] === null ? null : resolveSmoothValue(method, opts.smoothValue);
  const smooth = value === null ? method : `${method}[${pyFixed(value, 2)}]`;
  return formatSignature(nrefs, [
    ['case', opts.lowercase ? 'lc' : 'mixed'],
    ['eff', opts.effectiveOrder ? 'yes' : 'no'],
    ['tok', opts.tokenize ?? DEFAULT_TOKENIZER],
    ['smooth', smooth],
  ]);
}

/** Score already-summed statistics and attach the signature. */
export function bleuFromStats(stats: BleuStats, opts: BleuOptions, nrefs: NumRefs): BleuScore {
  return { name: 'BLEU', ...computeBleu(stats, opts), signature: bleuSignature(opts, nrefs) };
}

/**
 * `BLEU(**opts).corpus_score(hyps, refs)`. `refs` are streams: `refs[k][i]` is the k-th
 * reference of line i. Defaults: tokenize `13a`, smoothing `exp`, no effective order.
 * Unlike Python's silent `zip`, streams of different lengths are an error.
 */
export function corpusBleu(hyps: readonly string[], refs: ReferenceStreams, opts: BleuOptions = {}): BleuScore {
  const segments = referencesBySegment('BLEU', hyps.length, refs);
  const stats = hyps.map((h, i) => bleuSegmentStats(h, segments[i], opts));
  return bleuFromStats(sumBleuStats(stats, opts.maxNgramOrder ?? MAX_NGRAM_ORDER), opts, numRefsOf(segments.map((s) => s.length)));
}

/**
 * `BLEU(**opts).sentence_score(hyp, refs)` for one line against its references.
 * Effective order is on by default here (as sacreBLEU's command line does for
 * sentence-level scores); pass `effectiveOrder: false` to turn it off.
 */
export function sentenceBleu(hyp: string, refs: readonly string[], opts: BleuOptions = {}): BleuScore {
  const o: BleuOptions = { ...opts, effectiveOrder: opts.effectiveOrder ?? true };
  return corpusBleu([hyp], refs.map((r) => [r]), o);
}
