/**
 * Stage 4, compare: the deployed model's score on the SAME test set and beam as the
 * candidate. Taken from weights/<name>/manifest.json when its scores.test records that
 * test set (test_set_sha256) and beam; otherwise the deployed weights are evaluated now
 * with `training/eval.ts`. No deployed model (first deploy) → nothing to compare.
 * A rerun after this candidate was installed keeps the comparison made before the swap.
 */
import fs from 'node:fs';
import path from 'node:path';
import { hashInputs, sha256Dir, sha256File } from '../hash-files.ts';
import { lastLine } from '../last-line.ts';
import { PipelineError } from '../pipeline-error.ts';
import type { RedeployContext } from '../redeploy-context.ts';
import { REPO_ROOT, tsxScript } from '../repo-tools.ts';
import { runCommand } from '../run-command.ts';
import type { StageDef } from '../run-stage.ts';
import type { CorpusOutput } from './corpus-stage.ts';
import type { ExportOutput, ModelScores } from './export-stage.ts';
import { DEFAULT_ALPHA } from '../../../src/model/search/length-penalty.ts';

export interface DeployedScores extends ModelScores { source: 'manifest' | 'evaluated' }
export interface CompareOutput extends Record<string, unknown> { old: DeployedScores | null; candidateSha256?: string }

export function compareStage(ctx: RedeployContext, corpus: CorpusOutput, candidate: ExportOutput): StageDef<CompareOutput> {
  const { opts, log } = ctx;
  const dir = opts.weightsDir;
  const manifestFile = path.join(dir, 'manifest.json');
  return {
    name: 'compare',
    title: `score the deployed model ${dir} on the same test set`,
    inputHash: () => hashInputs('compare', sha256Dir(dir), candidate.testSetSha256, opts.beam),
    run: async (previous) => {
      const bin = path.join(dir, 'model.bin');
      const earlier = previous?.output as CompareOutput | undefined;
      if (previous?.status === 'done' && earlier?.candidateSha256 === candidate.modelSha256 && fs.existsSync(bin) && sha256File(bin) === candidate.modelSha256) {
        log.line(`${dir} already holds this candidate (installed by an earlier run); keeping the comparison made before the swap`);
        return earlier;
      }
      const done = (old: DeployedScores | null): CompareOutput => ({ old, candidateSha256: candidate.modelSha256 });
      if (!fs.existsSync(manifestFile)) {
        log.line(`no deployed model at ${dir}: nothing to compare with (first deploy)`);
        return done(null);
      }
      const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
      const base = { modelId: String(manifest.model_id), modelSha256: fs.existsSync(bin) ? sha256File(bin) : '', bytes: fs.existsSync(bin) ? fs.statSync(bin).size : 0 };
      const test = manifest.scores?.test;
      const own = test?.[manifest.dtype];
      // The candidate is scored with DEFAULT_ALPHA; a manifest scored with another α is re-evaluated.
      if (test?.test_set_sha256 === candidate.testSetSha256 && test?.beam === opts.beam && (test?.alpha ?? 0.6) === DEFAULT_ALPHA && typeof own?.bleu === 'number') {
        log.line(`deployed ${base.modelId}: manifest scores are for the same ${candidate.sentences} test sentences, beam ${opts.beam} and alpha ${DEFAULT_ALPHA}: BLEU ${own.bleu}, chrF ${own.chrf}`);
        return done({ ...base, bleu: own.bleu, chrf: own.chrf, source: 'manifest' });
      }
      log.line(`deployed ${base.modelId}: its manifest has no score for this test set, beam ${opts.beam} and alpha ${DEFAULT_ALPHA}; evaluating it now`);
      const args = ['--model', dir, '--split', 'test', '--corpus', corpus.dir, '--beam', String(opts.beam), '--search', 'beam',
        ...(opts.evalLimit ? ['--limit', String(opts.evalLimit)] : [])];
      const r = await runCommand(log, tsxScript('training/eval.ts', ...args), { cwd: REPO_ROOT, capture: true });
      if (r.code !== 0) throw new PipelineError(`stage compare failed: evaluating ${dir} failed (${lastLine(r.output)})`);
      const result = JSON.parse(r.stdout);
      if (result.data.sha256 !== candidate.testSetSha256) throw new PipelineError('stage compare failed: the deployed model was evaluated on a different test set than the candidate');
      log.line(`deployed ${base.modelId}: BLEU ${result.beam.bleu.score}, chrF ${result.beam.chrf.score} (${result.data.sentences} sentences, beam ${opts.beam})`);
      return done({ ...base, bleu: result.beam.bleu.score, chrf: result.beam.chrf.score, source: 'evaluated' });
    },
  };
}
