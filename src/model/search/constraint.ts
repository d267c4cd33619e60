/**
 * Search constraints: a per-hypothesis automaton that forbids some vocabulary ids at each
 * step. Greedy and beam search only see log-probabilities by column, so a constraint names
 * the ids it watches; the search finds their columns once per sentence (StepView.token) and
 * sets the log-prob of every forbidden watched column to -Infinity before choosing.
 *
 * `mustEmit(c)` counts the tokens the hypothesis still owes. When the steps left are only
 * just enough for them (plus EOS), every column except the allowed watched ids is masked, so
 * a constraint is met before the step cap whenever maxLen ≥ (tokens owed) + 1.
 *
 * Masking only lowers log-probabilities (to -Infinity), so the beam's early-stopping bound
 * (a hypothesis' score never rises) still holds.
 */
import type { StepView } from './search-session.ts';

export interface SearchConstraint<C = unknown> {
  /** Vocabulary ids the constraint may forbid (EOS included when it gates it). */
  readonly watched: readonly number[];
  /** State of the empty hypothesis. */
  readonly initial: C;
  /** Whether watched id `id` may be emitted next in state `c`. */
  allows(c: C, id: number): boolean;
  /** State after emitting `token` (any id, watched or not). */
  advance(c: C, token: number): C;
  /** Tokens that must still be emitted before EOS. */
  mustEmit(c: C): number;
}

/** The watched ids' columns in one sentence's step views (found on the first step). */
export class ConstraintColumns<C> {
  private cols: Int32Array | undefined;
  private ids: readonly number[];

  constructor(readonly constraint: SearchConstraint<C>) {
    this.ids = constraint.watched;
  }

  /**
   * Masks row `row` of `step.logProbs` in place for state `c`; `stepsLeft` counts this step
   * and the ones after it. Returns nothing: forbidden columns become -Infinity.
   */
  apply(step: StepView, row: number, c: C, stepsLeft: number): void {
    const cols = this.columns(step);
    const lp = step.logProbs;
    const off = row * step.width;
    const owed = this.constraint.mustEmit(c);
    if (owed > 0 && owed >= stepsLeft - 1) {
      // Forced: only the allowed watched ids remain (the tokens owed, in any order).
      const keep = new Float32Array(cols.length);
      cols.forEach((col, i) => { keep[i] = col >= 0 && this.constraint.allows(c, this.ids[i]) ? lp[off + col] : -Infinity; });
      lp.fill(-Infinity, off, off + step.width);
      cols.forEach((col, i) => { if (col >= 0) lp[off + col] = keep[i]; });
      return;
    }
    cols.forEach((col, i) => { if (col >= 0 && !this.constraint.allows(c, this.ids[i])) lp[off + col] = -Infinity; });
  }

  private columns(step: StepView): Int32Array {
    if (this.cols) return this.cols;
    const byId = new Map<number, number>();
    for (let col = 0; col < step.width; col++) byId.set(step.token(col), col);
    this.cols = Int32Array.from(this.ids, (id) => byId.get(id) ?? -1);
    return this.cols;
  }
}
