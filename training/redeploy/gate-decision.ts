/**
 * The quality gate as a pure function: the candidate may replace the deployed model
 * unless its test BLEU is more than `margin` points below the deployed one's
 * (then `refuse`, or `forced` with --force). No deployed model → `first-deploy`.
 */
export type GateVerdict = 'pass' | 'first-deploy' | 'forced' | 'refuse';

export interface GateDecision { verdict: GateVerdict; delta: number | null; message: string }

export function gateDecision(newBleu: number, oldBleu: number | null, margin: number, force: boolean): GateDecision {
  if (oldBleu === null) return { verdict: 'first-deploy', delta: null, message: `no deployed model to compare with; candidate BLEU ${newBleu.toFixed(2)}` };
  const delta = Math.round((newBleu - oldBleu) * 1e4) / 1e4;
  const scores = `candidate BLEU ${newBleu.toFixed(2)} vs deployed BLEU ${oldBleu.toFixed(2)} (${delta >= 0 ? '+' : ''}${delta.toFixed(2)}, margin ${margin})`;
  if (delta >= -margin) return { verdict: 'pass', delta, message: `quality gate passed: ${scores}` };
  if (force) return { verdict: 'forced', delta, message: `quality gate would refuse but --force is set: ${scores}` };
  return { verdict: 'refuse', delta, message: `quality gate refused the candidate: ${scores}; the deployed weights are unchanged (--force to deploy anyway)` };
}
