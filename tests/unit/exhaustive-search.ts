/**
 * Exhaustive search, a test oracle for tiny vocabularies: enumerates every output the beam
 * search could return — each sequence of at most maxLen - 1 tokens followed by EOS (with at
 * least minLength tokens), and each EOS-free sequence of exactly maxLen tokens (unfinished) —
 * and ranks them by the same GNMT-normalised score. Cost: O(V^maxLen) decodeStep calls.
 */
import type { SearchModel } from '../../src/model/search/search-model.ts';
import { scoredLength, type Hypothesis } from '../../src/model/search/hypothesis.ts';
import { DEFAULT_ALPHA, normalizedScore } from '../../src/model/search/length-penalty.ts';

export interface ExhaustiveOptions {
  /** Step cap, as maxLen in decode-limits.ts. */
  maxLen: number;
  alpha?: number;
  minLength?: number;
  /** How many of the best hypotheses to return (default 1). */
  nbest?: number;
}

/** The nbest best hypotheses, best first (the first one is the optimum). */
export function exhaustiveSearch<E, S>(model: SearchModel<E, S>, srcIds: number[], opts: ExhaustiveOptions): Hypothesis[] {
  const { maxLen, alpha = DEFAULT_ALPHA, minLength = 0, nbest = 1 } = opts;
  if (!Number.isInteger(maxLen) || maxLen < 1) throw new RangeError(`maxLen must be a positive integer, got ${maxLen}`);
  const pool: Hypothesis[] = [];
  const emit = (tokens: number[], score: number, finished: boolean): void => {
    pool.push({ tokens, score, normScore: normalizedScore(score, scoredLength(tokens.length, finished), alpha), finished });
  };
  const enc = model.encode(srcIds);
  try {
    const visit = (state: S, prev: number, prefix: number[], score: number): void => {
      const out = model.decodeStep(enc, state, Int32Array.of(prev));
      try {
        for (let col = 0; col < out.logProbs.length; col++) {
          const v = out.logProbs[col];
          if (!(v > -Infinity)) continue;
          const token = out.columnIds ? out.columnIds[col] : col;
          const path = [...prefix, token];
          if (token === model.eosId) {
            if (prefix.length >= minLength) emit(prefix, score + v, true);
          } else if (path.length === maxLen) emit(path, score + v, false);
          else visit(out.state, token, path, score + v);
        }
      } finally {
        model.disposeState(out.state);
      }
    };
    const root = model.initialState(enc);
    try {
      visit(root, model.bosId, [], 0);
    } finally {
      model.disposeState(root);
    }
  } finally {
    model.disposeEncoded(enc);
  }
  return pool.sort((a, b) => b.normScore - a.normScore).slice(0, nbest);
}
