/**
 * Stage 5, gate: applies gateDecision to both models' BLEU on every test set of the compare
 * stage (the base test set and the new data's test split); prints the before/after table
 * and the reason. A refusal stops the pipeline with exit code 3.
 */
import { gateDecision, type GateVerdict } from '../gate-decision.ts';
import { hashInputs } from '../hash-files.ts';
import { PipelineError } from '../pipeline-error.ts';
import type { RedeployContext } from '../redeploy-context.ts';
import type { StageDef } from '../run-stage.ts';
import { renderSetTable } from '../summary-table.ts';
import type { CompareOutput } from './compare-stage.ts';

export interface GateOutput extends Record<string, unknown> { verdict: GateVerdict; delta: number | null; message: string }

export function gateStage(ctx: RedeployContext, compare: CompareOutput): StageDef<GateOutput> {
  const { opts } = ctx;
  const sets = compare.sets.map((s) => ({ name: s.name, sentences: s.sentences, candidate: s.candidate.bleu, deployed: s.deployed?.bleu ?? null }));
  return {
    name: 'gate',
    title: `refuse if BLEU drops by more than ${opts.margin} on ${compare.sets.map((s) => s.name).join(' or ')}${opts.force ? ' (--force: report only)' : ''}`,
    inputHash: () => hashInputs('gate', sets, opts.margin, opts.force),
    run: async () => {
      const d = gateDecision(sets, opts.margin, opts.force);
      ctx.log.line(renderSetTable(compare.sets, opts.beam));
      if (d.verdict === 'refuse') throw new PipelineError(d.message, 3);
      ctx.log.line(d.message);
      return { verdict: d.verdict, delta: d.delta, message: d.message };
    },
  };
}
