/**
 * Stage 3, export: `training/export.ts` turns the run's best checkpoint into an int8
 * model folder <work-dir>/candidate, evaluated on the test split (beam --beam, first
 * --eval-limit sentences). The candidate manifest then records which test set that was
 * (scores.test.test_set_sha256), so later runs can compare against it directly.
 */
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../../../tools/atomic-write.ts';
import { hashInputs, sha256File } from '../hash-files.ts';
import { lastLine } from '../last-line.ts';
import { PipelineError } from '../pipeline-error.ts';
import type { RedeployContext } from '../redeploy-context.ts';
import { REPO_ROOT, tsxScript } from '../repo-tools.ts';
import { runCommand } from '../run-command.ts';
import type { StageDef } from '../run-stage.ts';
import { loadTestSet } from '../test-split.ts';
import type { CorpusOutput } from './corpus-stage.ts';
import type { TrainOutput } from './train-stage.ts';

export interface ModelScores extends Record<string, unknown> { modelId: string; modelSha256: string; bytes: number; bleu: number; chrf: number }
export interface ExportOutput extends ModelScores { dir: string; testSetSha256: string; sentences: number }

export function exportStage(ctx: RedeployContext, corpus: CorpusOutput, train: TrainOutput): StageDef<ExportOutput> {
  const { opts } = ctx;
  const dir = ctx.paths.candidate;
  return {
    name: 'export',
    title: `export int8 weights into ${dir} and score them on the test split (beam ${opts.beam}${opts.evalLimit ? `, first ${opts.evalLimit} sentences` : ''})`,
    inputHash: () => hashInputs('export', train.bestSha256, corpus.sha256, opts.beam, opts.evalLimit ?? null),
    stillValid: (out) => fs.existsSync(path.join(dir, 'model.bin')) && sha256File(path.join(dir, 'model.bin')) === out.modelSha256,
    run: async () => {
      const args = ['--run', train.runDir, '--out', dir, '--dtype', 'int8', '--beam', String(opts.beam), '--corpus', corpus.dir,
        ...(opts.evalLimit ? ['--eval-limit', String(opts.evalLimit)] : [])];
      const r = await runCommand(ctx.log, tsxScript('training/export.ts', ...args), { cwd: REPO_ROOT });
      if (r.code !== 0) throw new PipelineError(`stage export failed: training/export.ts exited with ${r.code ?? r.signal} (${lastLine(r.output)})`);
      const manifestFile = path.join(dir, 'manifest.json');
      const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
      const test = loadTestSet(corpus.dir, opts.evalLimit);
      const scores = manifest.scores?.test;
      if (typeof scores?.int8?.bleu !== 'number' || scores.sentences !== test.srcs.length) throw new PipelineError('stage export failed: the candidate manifest has no int8 test scores for the expected test set');
      manifest.scores.test = { ...scores, test_set_sha256: test.sha256, corpus: corpus.dir };
      writeFileAtomic(manifestFile, JSON.stringify(manifest, null, 2) + '\n');
      const bin = path.join(dir, 'model.bin');
      return { dir, modelId: manifest.model_id, modelSha256: sha256File(bin), bytes: fs.statSync(bin).size, bleu: scores.int8.bleu, chrf: scores.int8.chrf, testSetSha256: test.sha256, sentences: test.srcs.length };
    },
  };
}
