/**
 * Greedy decoding: at each step take the most probable token (first maximum on ties),
 * until EOS or the step cap. Model-agnostic: talks only to SearchModel.
 * Length limits are those of decode-limits.ts; `alpha` only sets the reported normScore.
 */
import type { SearchModel } from './search-model.ts';
import { scoredLength, type Hypothesis } from './hypothesis.ts';
import { resolveMaxLength, resolveMinLength, type LengthLimits } from './decode-limits.ts';
import { DEFAULT_ALPHA, normalizedScore } from './length-penalty.ts';
import { SearchSession } from './search-session.ts';
import { ConstraintColumns, type SearchConstraint } from './constraint.ts';

export interface GreedyOptions extends LengthLimits {
  /** Return one attention row per output token. */
  attention?: boolean;
  /** Length-penalty exponent for normScore (default DEFAULT_ALPHA = 1.0, see length-penalty.ts). */
  alpha?: number;
  /** Forbids ids step by step (e.g. placeholders exactly once, see constraint.ts). */
  constraint?: SearchConstraint<unknown>;
}

export function greedySearch<E, S>(model: SearchModel<E, S>, srcIds: number[], opts: GreedyOptions = {}): Hypothesis {
  const maxLen = resolveMaxLength(srcIds.length, opts);
  const minLength = resolveMinLength(opts);
  const alpha = opts.alpha ?? DEFAULT_ALPHA;
  const wantAttention = opts.attention === true;
  const tokens: number[] = [];
  const attention: number[][] = [];
  let score = 0;
  let finished = false;
  const constraint = opts.constraint ? new ConstraintColumns(opts.constraint) : undefined;
  let cstate: unknown = opts.constraint?.initial;
  const session = new SearchSession(model, srcIds);
  try {
    let prev = model.bosId;
    for (let t = 0; t < maxLen; t++) {
      const step = session.step(Int32Array.of(prev), wantAttention);
      constraint?.apply(step, 0, cstate, maxLen - t);
      const skip = t < minLength ? step.eosCol : -1;
      let best = -1;
      for (let col = 0; col < step.width; col++) {
        const v = step.logProbs[col];
        if (col !== skip && v > -Infinity && (best < 0 || v > step.logProbs[best])) best = col;
      }
      if (best < 0) break; // nothing can be emitted: leave the hypothesis unfinished
      score += step.logProbs[best];
      prev = step.token(best);
      if (constraint) cstate = constraint.constraint.advance(cstate, prev);
      if (prev === model.eosId) {
        finished = true;
        break;
      }
      tokens.push(prev);
      if (wantAttention) attention.push(step.attentionRow(0)!);
    }
  } finally {
    session.close();
  }
  const normScore = normalizedScore(score, scoredLength(tokens.length, finished), alpha);
  const hyp: Hypothesis = { tokens, score, normScore, finished };
  if (wantAttention) hyp.attention = attention;
  return hyp;
}
