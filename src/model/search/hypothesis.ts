/**
 * One decoded output of greedy, beam or exhaustive search.
 *
 * - `tokens`: output ids, without BOS and without the final EOS.
 * - `score`: sum of the log-probabilities of every scored step (the tokens, plus EOS when finished).
 * - `normScore`: `score / lp(length)` with the GNMT penalty (see length-penalty.ts),
 *   length = tokens.length + (finished ? 1 : 0).
 * - `attention`: only when requested; exactly one row per returned token
 *   (`attention[i]` is the attention of the step that emitted `tokens[i]`, length = source length);
 *   the row of the EOS step is not returned.
 * - `finished`: false when the hypothesis hit the maximum length without emitting EOS.
 */
export interface Hypothesis {
  tokens: number[];
  score: number;
  normScore: number;
  attention?: number[][];
  finished: boolean;
}

/** Number of scored steps of a hypothesis (tokens plus EOS when finished). */
export const scoredLength = (tokens: number, finished: boolean): number => tokens + (finished ? 1 : 0);
