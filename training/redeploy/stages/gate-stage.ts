/**
 * Stage 5, gate: applies gateDecision to the candidate's and the deployed model's test
 * BLEU; a refusal stops the pipeline with exit code 3 and one message with both scores.
 */
import { gateDecision, type GateVerdict } from '../gate-decision.ts';
import { hashInputs } from '../hash-files.ts';
import { PipelineError } from '../pipeline-error.ts';
import type { RedeployContext } from '../redeploy-context.ts';
import type { StageDef } from '../run-stage.ts';
import type { CompareOutput } from './compare-stage.ts';
import type { ExportOutput } from './export-stage.ts';

export interface GateOutput extends Record<string, unknown> { verdict: GateVerdict; delta: number | null; message: string }

export function gateStage(ctx: RedeployContext, candidate: ExportOutput, compare: CompareOutput): StageDef<GateOutput> {
  const { opts } = ctx;
  return {
    name: 'gate',
    title: `refuse if test BLEU drops by more than ${opts.margin}${opts.force ? ' (--force: report only)' : ''}`,
    inputHash: () => hashInputs('gate', candidate.bleu, compare.old?.bleu ?? null, opts.margin, opts.force),
    run: async () => {
      const d = gateDecision(candidate.bleu, compare.old?.bleu ?? null, opts.margin, opts.force);
      if (d.verdict === 'refuse') throw new PipelineError(d.message, 3);
      ctx.log.line(d.message);
      return { ...d };
    },
  };
}
