/**
 * The redeploy quality gate's decision (training/redeploy/gate-decision.ts): on every test
 * set (the base test set and the new data's test split), refuse a BLEU drop of more than the
 * margin unless forced; pass anything within it on all sets.
 */
import { describe, expect, it } from 'vitest';
import { gateDecision, type GateSet } from '../../training/redeploy/gate-decision.ts';

const base = (candidate: number, deployed: number | null = 30): GateSet => ({ name: 'base test', sentences: 300, candidate, deployed });
const added = (candidate: number, deployed: number | null = 32): GateSet => ({ name: 'new data test', sentences: 80, candidate, deployed });

describe('gateDecision', () => {
  it('passes a candidate that is better or within the margin on every set', () => {
    expect(gateDecision([base(31.2)], 0.5, false).verdict).toBe('pass');
    expect(gateDecision([base(29.5), added(36)], 0.5, false)).toMatchObject({ verdict: 'pass', delta: -0.5, deltas: { 'base test': -0.5, 'new data test': 4 } });
  });

  it('refuses a drop of more than the margin on the base set and names both scores', () => {
    const d = gateDecision([base(29.49)], 0.5, false);
    expect(d.verdict).toBe('refuse');
    expect(d.delta).toBe(-0.51);
    expect(d.message).toBe('quality gate refused the candidate: BLEU drops by more than 0.5 on base test (-0.51); base test (300 sentences): candidate BLEU 29.49 vs deployed BLEU 30.00 (-0.51); margin 0.5; the deployed weights are unchanged (--force to deploy anyway)');
  });

  it('refuses the issue-15 candidate: better on the new data, much worse on the base test set', () => {
    const d = gateDecision([base(17.8, 34.1), added(36.2, 32.4)], 0.5, false);
    expect(d.verdict).toBe('refuse');
    expect(d.delta).toBe(-16.3);
    expect(d.message).toContain('BLEU drops by more than 0.5 on base test (-16.30)');
    expect(d.message).toContain('new data test (80 sentences): candidate BLEU 36.20 vs deployed BLEU 32.40 (+3.80)');
  });

  it('refuses a candidate that keeps the base score but loses on the new data', () => {
    const d = gateDecision([base(30.1), added(30)], 0.5, false);
    expect(d.verdict).toBe('refuse');
    expect(d.message).toContain('on new data test (-2.00)');
  });

  it('lets --force override a refusal and says so', () => {
    const d = gateDecision([base(10)], 0.5, true);
    expect(d.verdict).toBe('forced');
    expect(d.message).toMatch(/^quality gate would refuse but --force is set: BLEU drops by more than 0.5 on base test \(-20.00\)/);
  });

  it('honours a custom margin, including zero', () => {
    expect(gateDecision([base(28)], 2, false).verdict).toBe('pass');
    expect(gateDecision([base(29.99)], 0, false).verdict).toBe('refuse');
    expect(gateDecision([base(30)], 0, false).verdict).toBe('pass');
  });

  it('passes the first deploy, when there is nothing to compare with', () => {
    expect(gateDecision([base(5, null), added(7, null)], 0.5, false)).toMatchObject({ verdict: 'first-deploy', delta: null });
  });
});
