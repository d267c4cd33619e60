/**
 * The redeploy quality gate's decision (training/redeploy/gate-decision.ts): refuse a
 * BLEU drop of more than the margin unless forced; pass anything within it.
 */
import { describe, expect, it } from 'vitest';
import { gateDecision } from '../../training/redeploy/gate-decision.ts';

describe('gateDecision', () => {
  it('passes a candidate that is better or within the margin', () => {
    expect(gateDecision(31.2, 30, 0.5, false).verdict).toBe('pass');
    expect(gateDecision(29.5, 30, 0.5, false)).toMatchObject({ verdict: 'pass', delta: -0.5 });
  });

  it('refuses a drop of more than the margin and names both scores', () => {
    const d = gateDecision(29.49, 30, 0.5, false);
    expect(d.verdict).toBe('refuse');
    expect(d.delta).toBe(-0.51);
    expect(d.message).toBe('quality gate refused the candidate: candidate BLEU 29.49 vs deployed BLEU 30.00 (-0.51, margin 0.5); the deployed weights are unchanged (--force to deploy anyway)');
  });

  it('lets --force override a refusal and says so', () => {
    const d = gateDecision(10, 30, 0.5, true);
    expect(d.verdict).toBe('forced');
    expect(d.message).toMatch(/^quality gate would refuse but --force is set: candidate BLEU 10.00 vs deployed BLEU 30.00 \(-20.00/);
  });

  it('honours a custom margin, including zero', () => {
    expect(gateDecision(28, 30, 2, false).verdict).toBe('pass');
    expect(gateDecision(29.99, 30, 0, false).verdict).toBe('refuse');
    expect(gateDecision(30, 30, 0, false).verdict).toBe('pass');
  });

  it('passes the first deploy, when there is nothing to compare with', () => {
    expect(gateDecision(5, null, 0.5, false)).toMatchObject({ verdict: 'first-deploy', delta: null });
  });
});
