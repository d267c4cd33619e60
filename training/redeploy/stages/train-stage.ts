/**
 * Stage 2, train: writes <work-dir>/train-config.json (the --config with this run's
 * corpus and output folder) and runs `training/train.ts` on it, fine-tuning from
 * --init-from if given (fine-tune-defaults.ts: small LR, warm-up, replay mix). With --resume, an interrupted training of the same inputs
 * continues from its last.ckpt; otherwise the run folder starts empty. With --skip-train
 * the existing run (--run, default <work-dir>/run) is used as it is.
 */
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../../../tools/atomic-write.ts';
import { hashInputs, sha256Dir, sha256File } from '../hash-files.ts';
import { lastLine } from '../last-line.ts';
import { PipelineError } from '../pipeline-error.ts';
import type { RedeployContext } from '../redeploy-context.ts';
import { REPO_ROOT, tsxScript } from '../repo-tools.ts';
import { runCommand } from '../run-command.ts';
import type { StageDef } from '../run-stage.ts';
import type { CorpusOutput } from './corpus-stage.ts';
import { fineTuneConfig } from '../fine-tune-defaults.ts';

export interface TrainOutput extends Record<string, unknown> { runDir: string; bestSha256: string; steps: number | null; bestDevBleu: number | null; resumedAt: number | null }

export function trainStage(ctx: RedeployContext, corpus: CorpusOutput): StageDef<TrainOutput> {
  const { opts, paths } = ctx;
  const runDir = opts.skipTrain ? (opts.run ?? paths.run) : paths.run;
  const best = path.join(runDir, 'best.ckpt');
  const plain = { ...ctx.cfg, data: { ...ctx.cfg.data, corpus: corpus.dir, vocab: path.resolve(REPO_ROOT, ctx.cfg.data.vocab) }, outDir: runDir };
  // Fine-tuning: small LR with warm-up, and the replay mix when there is new data merged with a base corpus.
  const derived = opts.initFrom ? fineTuneConfig(plain, opts, corpus.newData !== null && corpus.newData !== corpus.dir && !opts.noDebian ? corpus.newData : null) : plain;
  const valid = (out: TrainOutput) => fs.existsSync(best) && sha256File(best) === out.bestSha256;
  if (opts.skipTrain) {
    return {
      name: 'train', title: `skipped (--skip-train): use the run ${runDir}`,
      inputHash: () => hashInputs('skip', runDir, fs.existsSync(best) ? sha256File(best) : null), stillValid: valid,
      run: async () => {
        if (!fs.existsSync(best)) throw new PipelineError(`stage train failed: --skip-train but ${best} not found`);
        return { runDir, bestSha256: sha256File(best), ...summary(runDir), resumedAt: null };
      },
    };
  }
  const inputHash = () => hashInputs('train', derived, corpus.sha256, sha256File(derived.data.vocab), opts.maxSteps ?? null,
    opts.initFrom ? sha256Dir(opts.initFrom, ['manifest.json', 'model.bin', 'tokenizer.json']) : null);
  return {
    name: 'train',
    title: opts.initFrom ? `fine-tune from ${opts.initFrom} into ${runDir}` : `train into ${runDir}`,
    inputHash,
    stillValid: valid,
    run: async (previous) => {
      const canResume = opts.resume && previous !== undefined && previous.status !== 'done' && previous.inputHash === inputHash() && fs.existsSync(path.join(runDir, 'last.ckpt'));
      if (!canResume) fs.rmSync(runDir, { recursive: true, force: true });
      else ctx.log.line(`resuming the interrupted training from ${path.join(runDir, 'last.ckpt')}`);
      writeFileAtomic(paths.trainConfig, JSON.stringify(derived, null, 2) + '\n');
      const args = ['--config', paths.trainConfig, '--out', runDir, ...(canResume ? ['--resume'] : []),
        ...(opts.maxSteps !== undefined ? ['--max-steps', String(opts.maxSteps)] : []), ...(opts.initFrom ? ['--init-from', opts.initFrom] : [])];
      const r = await runCommand(ctx.log, tsxScript('training/train.ts', ...args), { cwd: REPO_ROOT });
      if (r.code !== 0) throw new PipelineError(`stage train failed: training/train.ts exited with ${r.code ?? r.signal} (${lastLine(r.output)})`);
      const end = lastRecord(runDir, 'end');
      if (end?.interrupted) throw new PipelineError('training was interrupted (checkpoint saved); rerun with --resume to continue', 130);
      if (!fs.existsSync(best)) throw new PipelineError(`stage train failed: no ${best}: no dev evaluation ran (train.evalEvery ${ctx.cfg.train.evalEvery} is more than the steps trained)`);
      return { runDir, bestSha256: sha256File(best), ...summary(runDir), resumedAt: canResume ? (lastRecord(runDir, 'start', true)?.step as number ?? null) : null };
    },
  };
}

/** Steps and best dev BLEU from the run's log.jsonl. */
function summary(runDir: string): { steps: number | null; bestDevBleu: number | null } {
  const end = lastRecord(runDir, 'end');
  return { steps: (end?.step as number) ?? null, bestDevBleu: (end?.bestBleu as number) ?? null };
}

/** The last record of a type in run/log.jsonl (`resumed`: the last 'start' with resume on). */
function lastRecord(runDir: string, type: string, resumed = false): Record<string, unknown> | undefined {
  const file = path.join(runDir, 'log.jsonl');
  if (!fs.existsSync(file)) return undefined;
  const recs = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.includes(`"type":"${type}"`)).map((l) => { try { return JSON.parse(l); } catch { return undefined; } });
  return recs.filter((r) => r && (!resumed || r.resume)).pop();
}
