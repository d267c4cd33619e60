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
