/**
 * Stage 4, compare: the candidate and the deployed model scored on the same test sets, same
 * beam and α (issue 15: a gate that sees regressions):
 *  - the base test set: the test split of the config's corpus (the committed
 *    training/data/en-es, the deployed model's own benchmark), first --eval-limit sentences;
 *  - the new data's test split (<work-dir>/new-data) when the run has new data.
 * The deployed score on the base set is taken from weights/<name>/manifest.json when its
 * scores.test records that test set (test_set_sha256), beam and α; every other score is
 * measured now with `training/eval.ts`. No deployed model (first deploy) → candidate only.
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
import { loadTestSet } from '../test-split.ts';
import type { CorpusOutput } from './corpus-stage.ts';
import type { ExportOutput, ModelScores } from './export-stage.ts';
import { DEFAULT_ALPHA } from '../../../src/model/search/length-penalty.ts';

export interface DeployedScores extends ModelScores { source: 'manifest' | 'evaluated' }
export interface Score { bleu: number; chrf: number }
/** One test set with both models' scores on it. */
export interface SetScores { name: string; dir: string; sentences: number; sha256: string; deployed: Score | null; candidate: Score }
export interface CompareOutput extends Record<string, unknown> { old: DeployedScores | null; sets: SetScores[]; candidateSha256?: string }

export const BASE_SET = 'base test';
export const NEW_DATA_SET = 'new data test';

export function compareStage(ctx: RedeployContext, corpus: CorpusOutput, candidate: ExportOutput): StageDef<CompareOutput> {
  const { opts, log } = ctx;
  const dir = opts.weightsDir;
  const manifestFile = path.join(dir, 'manifest.json');
  const baseDir = path.resolve(REPO_ROOT, ctx.cfg.data.corpus);
  const setsToScore = () => {
    const base = loadTestSet(baseDir, opts.evalLimit);
    const sets = [{ name: BASE_SET, dir: baseDir, sentences: base.srcs.length, sha256: base.sha256 }];
    if (corpus.newData) {
      const added = loadTestSet(corpus.newData, opts.evalLimit);
      if (added.srcs.length > 0 && added.sha256 !== base.sha256) sets.push({ name: NEW_DATA_SET, dir: corpus.newData, sentences: added.srcs.length, sha256: added.sha256 });
    }
    return sets;
  };

  /** Beam-search BLEU and chrF of a model folder on a corpus folder's test split. */
  const evaluate = async (model: string, set: { dir: string; sha256: string; name: string }, who: string): Promise<Score> => {
    const args = ['--model', model, '--split', 'test', '--corpus', set.dir, '--beam', String(opts.beam), '--search', 'beam', ...(opts.evalLimit ? ['--limit', String(opts.evalLimit)] : [])];
    const r = await runCommand(log, tsxScript('training/eval.ts', ...args), { cwd: REPO_ROOT, capture: true });
    if (r.code !== 0) throw new PipelineError(`stage compare failed: evaluating the ${who} model on the ${set.name} set failed (${lastLine(r.output)})`);
    const result = JSON.parse(r.stdout);
    if (result.data.sha256 !== set.sha256) throw new PipelineError(`stage compare failed: the ${who} model was evaluated on a different ${set.name} set than expected`);
    log.line(`${who} on ${set.name}: BLEU ${result.beam.bleu.score}, chrF ${result.beam.chrf.score} (${result.data.sentences} sentences, beam ${opts.beam})`);
    return { bleu: result.beam.bleu.score, chrf: result.beam.chrf.score };
  };

  return {
    name: 'compare',
    title: `score the candidate and the deployed model ${dir} on the base test set${corpus.newData ? ' and on the new data\'s test split' : ''}`,
    inputHash: () => hashInputs('compare', fs.existsSync(dir) ? sha256Dir(dir) : null, candidate.modelSha256, candidate.testSetSha256, setsToScore().map((s) => s.sha256), opts.beam),
    run: async (previous) => {
      const bin = path.join(dir, 'model.bin');
      const earlier = previous?.output as CompareOutput | undefined;
      if (previous?.status === 'done' && earlier?.candidateSha256 === candidate.modelSha256 && fs.existsSync(bin) && sha256File(bin) === candidate.modelSha256) {
        log.line(`${dir} already holds this candidate (installed by an earlier run); keeping the comparison made before the swap`);
        return earlier;
      }
      const sets = setsToScore();
      const candidateOn = async (set: (typeof sets)[number]): Promise<Score> =>
        set.sha256 === candidate.testSetSha256 ? { bleu: candidate.bleu, chrf: candidate.chrf } : evaluate(candidate.dir, set, 'candidate');
      if (!fs.existsSync(manifestFile)) {
        log.line(`no deployed model at ${dir}: nothing to compare with (first deploy)`);
        const scored: SetScores[] = [];
        for (const set of sets) scored.push({ ...set, deployed: null, candidate: await candidateOn(set) });
        return { old: null, sets: scored, candidateSha256: candidate.modelSha256 };
      }
      const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
      const info = { modelId: String(manifest.model_id), modelSha256: fs.existsSync(bin) ? sha256File(bin) : '', bytes: fs.existsSync(bin) ? fs.statSync(bin).size : 0 };
      const test = manifest.scores?.test;
      const own = test?.[manifest.dtype];
      const scored: SetScores[] = [];
      let source: DeployedScores['source'] = 'evaluated';
      for (const set of sets) {
        let deployed: Score;
        // The candidate is scored with DEFAULT_ALPHA; a manifest scored with another α is re-evaluated.
        if (set.name === BASE_SET && test?.test_set_sha256 === set.sha256 && test?.beam === opts.beam && (test?.alpha ?? 0.6) === DEFAULT_ALPHA && typeof own?.bleu === 'number') {
          log.line(`deployed ${info.modelId}: manifest scores are for the same ${set.sentences} test sentences, beam ${opts.beam} and alpha ${DEFAULT_ALPHA}: BLEU ${own.bleu}, chrF ${own.chrf}`);
          deployed = { bleu: own.bleu, chrf: own.chrf };
          source = 'manifest';
        } else {
          if (set.name === BASE_SET) log.line(`deployed ${info.modelId}: its manifest has no score for this test set, beam ${opts.beam} and alpha ${DEFAULT_ALPHA}; evaluating it now`);
          deployed = await evaluate(dir, set, 'deployed');
        }
        scored.push({ ...set, deployed, candidate: await candidateOn(set) });
      }
      const base = scored[0].deployed!;
      return { old: { ...info, bleu: base.bleu, chrf: base.chrf, source }, sets: scored, candidateSha256: candidate.modelSha256 };
    },
  };
}
