/**
 * chrF / chrF++ from sufficient statistics (sacreBLEU `CHRF._compute_f_score`), pure.
 *
 * Statistics are triples [hyp n-grams, ref n-grams, matches] per order (character orders
 * 1..charOrder, then word orders 1..wordOrder). Default "effective order" averaging:
 *
 *   P = mean over orders with hyp > 0 and ref > 0 of (match / hyp),  R likewise with ref
 *   chrF_beta = 100 * (1 + beta^2) * P * R / (beta^2 * P + R)   (0 if P + R = 0)
 *
 * With `epsSmoothing` (chrF++.py / Moses / NLTK style) every order contributes its own
 * F-score, with 1e-16 standing in for undefined precision, recall or F, and the result is
 * 100 * mean of the per-order F-scores.
 */
import { allCharNgrams, wordNgrams, type NgramCounts, referencesBySegment, type ReferenceStreams, formatSignature, numRefsOf, type NumRefs } from './helpers.ts';
import { codePoints, pyLower, pySplit } from './python-compat.ts';

export interface ChrfComputeOptions {
  /** Character n-gram order, default 6. */
  charOrder?: number;
  /** Word n-gram order, default 0 (chrF); 2 gives chrF++. */
  wordOrder?: number;
  /** Recall weight, default 2. */
  beta?: number;
  epsSmoothing?: boolean;
}

export const CHRF_CHAR_ORDER = 6;
export const CHRF_WORD_ORDER = 0;
export const CHRF_BETA = 2;

/** Sum segment statistics (flat triples) into corpus statistics. */
export function sumChrfStats(all: readonly (readonly number[])[], length: number): number[] {
  const acc = new Array(length).fill(0);
  for (const s of all) for (let i = 0; i < length; i++) acc[i] += s[i];
  return acc;
}

export function computeChrf(stats: readonly number[], opts: ChrfComputeOptions = {}): number {
  const order = (opts.charOrder ?? CHRF_CHAR_ORDER) + (opts.wordOrder ?? CHRF_WORD_ORDER);
  const beta = opts.beta ?? CHRF_BETA;
  const eps = 1e-16;
  const factor = beta ** 2;
  let score = 0.0;
  let effectiveOrder = 0;
  let avgPrec = 0.0;
  let avgRec = 0.0;

  for (let i = 0; i < order; i++) {
    const nHyp = stats[3 * i];
    const nRef = stats[3 * i + 1];
    const nMatch = stats[3 * i + 2];
    const prec = nHyp > 0 ? nMatch / nHyp : eps;
    const rec = nRef > 0 ? nMatch / nRef : eps;
    const denom = factor * prec + rec;
    score += denom > 0 ? ((1 + factor) * prec * rec) / denom : eps;
    if (nHyp > 0 && nRef > 0) {
      avgPrec += prec;
      avgRec += rec;
      effectiveOrder += 1;
    }
  }

  if (opts.epsSmoothing) return (100 * score) / order;

  if (effectiveOrder === 0) {
    avgPrec = avgRec = 0.0;
  } else {
    avgPrec /= effectiveOrder;
    avgRec /= effectiveOrder;
  }
  if (avgPrec + avgRec) {
    let f = (1 + factor) * avgPrec * avgRec;
    f /= factor * avgPrec + avgRec;
    return 100 * f;
  }
  return 0.0;
}

/**
 * chrF and chrF++ exactly as sacreBLEU 2.6.0 computes them (metrics/chrf.py).
 *
 * Character n-grams (orders 1..6) are taken after deleting all whitespace (unless
 * `whitespace`); chrF++ adds word uni- and bigrams of a primitive tokenization that splits
 * one leading or trailing ASCII punctuation mark off each word. With several references
 * each segment keeps the statistics of the reference with the best sentence F-score.
 * Statistics are summed over the corpus and scored by `computeChrf` (above).
 */

export interface ChrfOptions extends ChrfComputeOptions {
  /** Case-insensitive chrF (Python `str.lower()`). */
  lowercase?: boolean;
  /** Keep whitespace inside character n-grams. */
  whitespace?: boolean;
}

export interface ChrfScore {
  /** `chrF2` for chrF, `chrF2++` for chrF++ (one `+` per word order). */
  name: string;
  score: number;
  charOrder: number;
  wordOrder: number;
  beta: number;
  /** e.g. `nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:2.6.0`. */
  signature: string;
  /** Summed [hyp, ref, match] triples per order (characters first, then words). */
  stats: number[];
}

/** `string.punctuation`, which chrF++ strips off word edges. */
const PUNCTS = new Set('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~');

/** `CHRF._remove_punctuation`: split one trailing (else leading) punctuation mark off each word. */
export function chrfWords(sent: string): string[] {
  const tokens: string[] = [];
  for (const w of pySplit(sent)) {
    const chars = codePoints(w);
    if (chars.length === 1) {
      tokens.push(w);
    } else if (PUNCTS.has(chars[chars.length - 1])) {
      // NOTE: this splits '(hi)' into '(hi' and ')' (sacreBLEU issue #124)
      tokens.push(chars.slice(0, -1).join(''), chars[chars.length - 1]);
    } else if (PUNCTS.has(chars[0])) {
      tokens.push(chars[0], chars.slice(1).join(''));
    } else {
      tokens.push(w);
    }
  }
  return tokens;
}

function resolve(opts: ChrfOptions): Required<ChrfOptions> {
  return {
    charOrder: opts.charOrder ?? CHRF_CHAR_ORDER,
    wordOrder: opts.wordOrder ?? CHRF_WORD_ORDER,
    beta: opts.beta ?? CHRF_BETA,
    epsSmoothing: opts.epsSmoothing ?? false,
    lowercase: opts.lowercase ?? false,
    whitespace: opts.whitespace ?? false,
  };
}

/** All n-gram counters of a (preprocessed) sentence: character orders, then word orders. */
function sentenceNgrams(sent: string, o: Required<ChrfOptions>): NgramCounts[] {
  const ngrams = allCharNgrams(sent, o.charOrder, o.whitespace);
  if (o.wordOrder > 0) {
    const words = chrfWords(sent);
    for (let n = 1; n <= o.wordOrder; n++) ngrams.push(wordNgrams(words, n));
  }
  return ngrams;
}

/** `_get_match_statistics`: [hyp count (0 if the reference has no n-gram of this order), ref count, clipped matches]. */
function matchStats(hyp: NgramCounts, ref: NgramCounts): [number, number, number] {
  let hypCount = 0;
  let matchCount = 0;
  for (const [g, c] of hyp) {
    hypCount += c;
    const r = ref.get(g);
    if (r !== undefined) matchCount += Math.min(c, r);
  }
  let refCount = 0;
  for (const c of ref.values()) refCount += c;
  return [ref.size > 0 ? hypCount : 0, refCount, matchCount];
}

/** Statistics of one segment: those of the reference giving the best F-score (first one on ties). */
export function chrfSegmentStats(hyp: string, refs: readonly string[], opts: ChrfOptions = {}): number[] {
  const o = resolve(opts);
  if (refs.length === 0) throw new Error('chrF: a segment needs at least one reference');
  const prep = (s: string): string => (o.lowercase ? pyLower(s) : s);
  const hypNgrams = sentenceNgrams(prep(hyp), o);
  let best: number[] = [];
  let bestF = -1.0;
  for (const ref of refs) {
    const refNgrams = sentenceNgrams(prep(ref), o);
    const stats = hypNgrams.flatMap((h, i) => matchStats(h, refNgrams[i]));
    const f = computeChrf(stats, o);
    if (f > bestF) {
      bestF = f;
      best = stats;
    }
  }
  return best;
}

export function chrfSignature(opts: ChrfOptions, nrefs: NumRefs): string {
  const o = resolve(opts);
  return formatSignature(nrefs, [
    ['case', o.lowercase ? 'lc' : 'mixed'],
    ['eff', o.epsSmoothing ? 'no' : 'yes'],
    ['nc', o.charOrder],
    ['nw', o.wordOrder],
    ['space', o.whitespace ? 'yes' : 'no'],
  ]);
}

/** Score already-summed statistics and attach name and signature. */
export function chrfFromStats(stats: number[], opts: ChrfOptions, nrefs: NumRefs): ChrfScore {
  const o = resolve(opts);
  return {
    name: `chrF${o.beta}${'+'.repeat(o.wordOrder)}`,
    score: computeChrf(stats, o),
    charOrder: o.charOrder,
    wordOrder: o.wordOrder,
    beta: o.beta,
    signature: chrfSignature(o, nrefs),
    stats,
  };
}

/** `CHRF(**opts).corpus_score(hyps, refs)`; `refs[k][i]` is the k-th reference of line i. Use `wordOrder: 2` for chrF++. */
export function corpusChrf(hyps: readonly string[], refs: ReferenceStreams, opts: ChrfOptions = {}): ChrfScore {
  const o = resolve(opts);
  const segments = referencesBySegment('chrF', hyps.length, refs);
  const stats = hyps.map((h, i) => chrfSegmentStats(h, segments[i], o));
  return chrfFromStats(sumChrfStats(stats, 3 * (o.charOrder + o.wordOrder)), o, numRefsOf(segments.map((s) => s.length)));
}

/** `CHRF(**opts).sentence_score(hyp, refs)` for one line against its references. */
export function sentenceChrf(hyp: string, refs: readonly string[], opts: ChrfOptions = {}): ChrfScore {
  return corpusChrf([hyp], refs.map((r) => [r]), opts);
}
