/**
 * Batched beam search with the GNMT length penalty (see length-penalty.ts), model-agnostic:
 * it talks only to SearchModel and reads the Float32Arrays decodeStep returns.
 *
 * Each step makes ONE decodeStep call for all live rows, picks the best
 * `beamSize - finished` extensions (partial top-k over rows × width, ranked by raw log-prob),
 * moves the EOS ones to the finished set (so the beam shrinks as hypotheses finish, as in
 * Marian) and reorders the state with selectRows. Hypotheses are a tree of backpointers,
 * so tokens and attention rows are read back along each path at the end.
 *
 * Stops when no hypothesis is live (every beam emitted EOS), at maxLen steps (live ones are
 * then returned with finished: false), or — with earlyStop — when no live hypothesis can beat
 * the nbest-th finished one. Bound: a live hypothesis with log-prob s ≤ 0 after l tokens ends
 * with log-prob s' ≤ s (log-probs are ≤ 0) and scored length L in [l+1, maxLen], so
 *   s' / lp(L) ≤ s / lp(L) ≤ s / max(lp(l+1), lp(maxLen))
 * (lp is monotone in L, so its maximum over the range is at an end; with α ≥ 0 that is lp(maxLen)).
 * Stopping needs the nbest-th finished normScore to be strictly greater than every bound, so
 * early stopping never changes the returned n-best list.
 *
 * The result is the pool of finished (and, at the cap, unfinished) hypotheses sorted by
 * normScore, best first, truncated to nbest. The encoder output and every state are
 * disposed, also when the model throws.
 */
import type { SearchModel } from './search-model.ts';
import type { Hypothesis } from './hypothesis.ts';
import { resolveMaxLength, resolveMinLength, type LengthLimits } from './decode-limits.ts';
import { DEFAULT_ALPHA, lengthPenalty, normalizedScore } from './length-penalty.ts';
import { SearchSession } from './search-session.ts';
import { topKCandidates } from './top-k.ts';
import { ConstraintColumns, type SearchConstraint } from './constraint.ts';

export interface BeamSearchOptions extends LengthLimits {
  beamSize: number;
  /** How many hypotheses to return, 1 ≤ nbest ≤ beamSize (default 1). */
  nbest?: number;
  /** GNMT length-penalty exponent (default DEFAULT_ALPHA = 1.0, see length-penalty.ts). */
  alpha?: number;
  /** Stop as soon as the n-best list cannot change (default true). */
  earlyStop?: boolean;
  /** Return one attention row per output token. */
  attention?: boolean;
  /** Forbids ids step by step, per hypothesis (e.g. placeholders exactly once, see constraint.ts). */
  constraint?: SearchConstraint<unknown>;
}

/** A node of the hypothesis tree; `length` counts scored steps (EOS included). */
interface Node {
  token: number;
  parent: Node | null;
  score: number;
  length: number;
  attention?: number[];
  /** Constraint state after this node's token. */
  c?: unknown;
}

export function beamSearch<E, S>(model: SearchModel<E, S>, srcIds: number[], opts: BeamSearchOptions): Hypothesis[] {
  const { beamSize, nbest = 1, alpha = DEFAULT_ALPHA, earlyStop = true } = opts;
  if (!Number.isInteger(beamSize) || beamSize < 1) throw new RangeError(`beamSize must be a positive integer, got ${beamSize}`);
  if (!Number.isInteger(nbest) || nbest < 1 || nbest > beamSize) {
    throw new RangeError(`nbest must be an integer in [1, beamSize=${beamSize}], got ${nbest}`);
  }
  if (!Number.isFinite(alpha)) throw new RangeError(`alpha must be finite, got ${alpha}`);
  const maxLen = resolveMaxLength(srcIds.length, opts);
  const minLength = resolveMinLength(opts);
  const wantAttention = opts.attention === true;
  const norm = (n: Node): number => normalizedScore(n.score, n.length, alpha);
  const maxPenalty = lengthPenalty(maxLen, alpha);
  const bound = (n: Node): number => n.score / Math.max(lengthPenalty(n.length + 1, alpha), maxPenalty);

  const constraint = opts.constraint ? new ConstraintColumns(opts.constraint) : undefined;
  let live: Node[] = [{ token: model.bosId, parent: null, score: 0, length: 0, c: opts.constraint?.initial }];
  const finished: Node[] = [];
  const session = new SearchSession(model, srcIds);
  try {
    for (let t = 0; t < maxLen && live.length > 0; t++) {
      const step = session.step(Int32Array.from(live, (n) => n.token), wantAttention);
      if (constraint) live.forEach((n, row) => constraint.apply(step, row, n.c, maxLen - t));
      const scores = Float64Array.from(live, (n) => n.score);
      const excluded = t < minLength ? step.eosCol : -1;
      const picks = topKCandidates(scores, step.logProbs, step.width, beamSize - finished.length, excluded);
      if (picks.length === 0) break; // nothing can be emitted: live hypotheses stay unfinished
      const next: Node[] = [];
      const parents: number[] = [];
      for (const { row, col, score } of picks) {
        const node: Node = { token: step.token(col), parent: live[row], score, length: t + 1, attention: step.attentionRow(row) };
        if (constraint) node.c = constraint.constraint.advance(live[row].c, node.token);
        if (node.token === model.eosId) finished.push(node);
        else {
          next.push(node);
          parents.push(row);
        }
      }
      live = next;
      if (earlyStop && live.length > 0 && finished.length >= nbest) {
        const kth = finished.map(norm).sort((a, b) => b - a)[nbest - 1];
        if (live.every((n) => kth > bound(n))) live = [];
      }
      if (live.length > 0 && t + 1 < maxLen) session.select(Int32Array.from(parents));
    }
  } finally {
    session.close();
  }
  const pool = [...finished.map((n) => toHypothesis(n, true)), ...live.map((n) => toHypothesis(n, false))];
  return pool.sort((a, b) => b.normScore - a.normScore).slice(0, nbest);

  function toHypothesis(end: Node, isFinished: boolean): Hypothesis {
    const tokens: number[] = [];
    const attention: number[][] = [];
    for (let n = isFinished ? end.parent : end; n && n.parent; n = n.parent) {
      tokens.push(n.token);
      if (wantAttention) attention.push(n.attention!);
    }
    const hyp: Hypothesis = { tokens: tokens.reverse(), score: end.score, normScore: norm(end), finished: isFinished };
    if (wantAttention) hyp.attention = attention.reverse();
    return hyp;
  }
}
