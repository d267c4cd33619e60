/**
 * BLEU from its sufficient statistics (sacreBLEU `BLEU.compute_bleu`), a pure function.
 *
 *   BLEU = BP * exp( (1/N) * sum_{n=1..N} log p_n ),   p_n = 100 * correct_n / total_n
 *   BP   = 1 if c >= r else exp(1 - r/c)   (0 when c = 0),  c = sys_len, r = ref_len
 *
 * Smoothing (Chen & Cherry 2014): `exp` (mteval-v13a: the k-th order with no match gets
 * p_n = 100 / (2^k * total_n)), `floor` (zero matches get p_n = 100 * value / total_n),
 * `add-k` (value added to correct_n and total_n for n > 1), `none`. With effective order, N
 * is the highest order whose total is non-zero. log(0) counts as -9999999999 (`my_log`).
 */
import { allWordNgrams, type NgramCounts, referencesBySegment, type ReferenceStreams, formatSignature, numRefsOf, type NumRefs } from './helpers.ts';
import { pyFixed, pyLower, pyRstrip } from './python-compat.ts';
import { DEFAULT_TOKENIZER, getTokenizer, type TokenizerName } from './tokenizers.ts';

export type SmoothMethod = 'exp' | 'floor' | 'add-k' | 'none';

/** Default smoothing value per method (`BLEU.SMOOTH_DEFAULTS`); null: the method takes none. */
export const SMOOTH_DEFAULTS: Readonly<Record<SmoothMethod, number | null>> = {
  none: null,
  floor: 0.1,
  'add-k': 1,
  exp: null,
};

export const MAX_NGRAM_ORDER = 4;

/** Sufficient statistics of BLEU, additive over segments. */
export interface BleuStats {
  sysLen: number;
  refLen: number;
  /** Clipped n-gram matches; index n-1 holds order n. */
  correct: number[];
  /** Hypothesis n-gram counts; index n-1 holds order n. */
  total: number[];
}

export interface BleuComputeOptions {
  smoothMethod?: SmoothMethod;
  /** For `floor` and `add-k`; defaults to `SMOOTH_DEFAULTS`. */
  smoothValue?: number | null;
  effectiveOrder?: boolean;
  maxNgramOrder?: number;
}

export interface BleuCore {
  score: number;
  /** Matches per order (for `add-k`, after adding k to orders > 1, as sacreBLEU reports them). */
  counts: number[];
  /** Totals per order (for `add-k`, after adding k to orders > 1). */
  totals: number[];
  precisions: number[];
  bp: number;
  sysLen: number;
  refLen: number;
  /** sys_len / ref_len, or 0 when ref_len is 0. */
  ratio: number;
}

/** Python `my_log`: log with log(0) floored to -9999999999. */
function myLog(x: number): number {
  return x === 0 ? -9999999999 : Math.log(x);
}

export function isSmoothMethod(name: string): name is SmoothMethod {
  return Object.prototype.hasOwnProperty.call(SMOOTH_DEFAULTS, name);
}

/** Resolve the smoothing value used for a method (explicit value, else the default). */
export function resolveSmoothValue(method: SmoothMethod, value?: number | null): number | null {
  return value ?? SMOOTH_DEFAULTS[method];
}

/** Sum segment statistics into corpus statistics. */
export function sumBleuStats(all: readonly BleuStats[], maxNgramOrder = MAX_NGRAM_ORDER): BleuStats {
  const acc: BleuStats = { sysLen: 0, refLen: 0, correct: new Array(maxNgramOrder).fill(0), total: new Array(maxNgramOrder).fill(0) };
  for (const s of all) {
    acc.sysLen += s.sysLen;
    acc.refLen += s.refLen;
    for (let i = 0; i < maxNgramOrder; i++) {
      acc.correct[i] += s.correct[i];
      acc.total[i] += s.total[i];
    }
  }
  return acc;
}

export function computeBleu(stats: BleuStats, opts: BleuComputeOptions = {}): BleuCore {
  const method = opts.smoothMethod ?? 'exp';
  if (!isSmoothMethod(method)) throw new Error(`unknown BLEU smoothing method '${String(method)}'`);
  const smoothValue = resolveSmoothValue(method, opts.smoothValue) ?? 0;
  const maxOrder = opts.maxNgramOrder ?? MAX_NGRAM_ORDER;
  const { sysLen, refLen } = stats;
  const correct = stats.correct.slice(0, maxOrder);
  const total = stats.total.slice(0, maxOrder);

  const bp = sysLen < refLen ? (sysLen > 0 ? Math.exp(1 - refLen / sysLen) : 0.0) : 1.0;
  const ratio = refLen ? sysLen / refLen : 0;
  const precisions: number[] = new Array(maxOrder).fill(0.0);
  const result = (score: number): BleuCore => ({ score, counts: correct, totals: total, precisions, bp, sysLen, refLen, ratio });

  // Early stop if there are no matches at all (sacreBLEU #141).
  if (!correct.some((c) => c !== 0)) return result(0.0);

  let smoothMteval = 1.0;
  let effOrder = maxOrder;
  for (let n = 1; n <= maxOrder; n++) {
    if (method === 'add-k' && n > 1) {
      correct[n - 1] += smoothValue;
      total[n - 1] += smoothValue;
    }
    if (total[n - 1] === 0) break;
    if (opts.effectiveOrder) effOrder = n;
    if (correct[n - 1] === 0) {
      if (method === 'exp') {
        smoothMteval *= 2;
        precisions[n - 1] = 100.0 / (smoothMteval * total[n - 1]);
      } else if (method === 'floor') {
        precisions[n - 1] = (100.0 * smoothValue) / total[n - 1];
      }
    } else {
      precisions[n - 1] = (100.0 * correct[n - 1]) / total[n - 1];
    }
  }

  let logSum = 0;
  for (const p of precisions.slice(0, effOrder)) logSum += myLog(p);
  return result(bp * Math.exp(logSum / effOrder));
}

/**
 * Corpus and sentence BLEU exactly as sacreBLEU 2.6.0 computes them (metrics/bleu.py).
 *
 * Per segment: lowercase (optional), `rstrip`, tokenize, split on whitespace; count
 * hypothesis n-grams (n = 1..4) clipped by the maximum count of that n-gram in any single
 * reference; the reference length is the closest one to the hypothesis length (ties go to
 * the shorter). Statistics are summed over the corpus and turned into a score by
 * `computeBleu` (above: the formula and the smoothing methods).
 */

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
