/**
 * The quality gate as a pure function (issue 15: a gate that sees regressions). The
 * candidate and the deployed model are scored on every test set of the run: the base test
 * set (the deployed model's own benchmark, so the scores compare) and the new data's test
 * split when there is new data. The candidate is refused when its BLEU drops by more than
 * `margin` on ANY set (`forced` with --force); no deployed model → `first-deploy`.
 */
export type GateVerdict = 'pass' | 'first-deploy' | 'forced' | 'refuse';

/** One test set: its name, size and both BLEU scores (deployed null on a first deploy). */
export interface GateSet { name: string; sentences: number; candidate: number; deployed: number | null }

export interface GateDecision { verdict: GateVerdict; delta: number | null; message: string; deltas: Record<string, number> }

const signed = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(2)}`;

export function gateDecision(sets: readonly GateSet[], margin: number, force: boolean): GateDecision {
  if (sets.length === 0) throw new Error('the gate needs at least one test set');
  if (sets.some((s) => s.deployed === null)) {
    return { verdict: 'first-deploy', delta: null, deltas: {}, message: `no deployed model to compare with; candidate BLEU ${sets.map((s) => `${s.candidate.toFixed(2)} on ${s.name}`).join(', ')}` };
  }
  const deltas = Object.fromEntries(sets.map((s) => [s.name, Math.round((s.candidate - s.deployed!) * 1e4) / 1e4]));
  const text = (s: GateSet) => `${s.name} (${s.sentences} sentences): candidate BLEU ${s.candidate.toFixed(2)} vs deployed BLEU ${s.deployed!.toFixed(2)} (${signed(deltas[s.name])})`;
  const worst = sets.reduce((a, b) => (deltas[b.name] < deltas[a.name] ? b : a));
  const delta = deltas[worst.name];
  const failing = sets.filter((s) => deltas[s.name] < -margin);
  const all = `${sets.map(text).join('; ')}; margin ${margin}`;
  if (failing.length === 0) return { verdict: 'pass', delta, deltas, message: `quality gate passed: ${all}` };
  const reason = `BLEU drops by more than ${margin} on ${failing.map((s) => `${s.name} (${signed(deltas[s.name])})`).join(' and ')}`;
  if (force) return { verdict: 'forced', delta, deltas, message: `quality gate would refuse but --force is set: ${reason}; ${all}` };
  return { verdict: 'refuse', delta, deltas, message: `quality gate refused the candidate: ${reason}; ${all}; the deployed weights are unchanged (--force to deploy anyway)` };
}
