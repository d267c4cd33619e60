/**
 * GNMT length penalty (Wu et al. 2016, "Google's Neural Machine Translation System:
 * Bridging the Gap between Human and Machine Translation", arXiv:1609.08144, eq. 14):
 *
 *   lp(Y) = ((5 + |Y|) / 6)^α        normalised score s(Y) = log P(Y | X) / lp(Y)
 *
 * (the coverage penalty of eq. 14 is not used). α = 0 gives the raw log-probability;
 * larger α favours longer outputs. lp(1) = 1 whatever α.
 *
 * Length convention used by every search here: |Y| is the number of scored decoding
 * steps, i.e. the returned tokens plus one for the EOS of a finished hypothesis.
 */
export const DEFAULT_ALPHA = 0.6;

/** lp(length) = ((5 + length) / 6)^alpha. */
export function lengthPenalty(length: number, alpha: number): number {
  return Math.pow((5 + length) / 6, alpha);
}

/** logProb / lp(length): the score hypotheses are ranked by. */
export function normalizedScore(logProb: number, length: number, alpha: number): number {
  return logProb / lengthPenalty(length, alpha);
}
