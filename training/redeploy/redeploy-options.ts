/**
 * Command-line options of `npm run redeploy`, parsed and checked (bad input →
 * PipelineError exit 2). Paths are made absolute against the caller's cwd, because the
 * stages run from the repository root.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PipelineError } from './pipeline-error.ts';

export interface RedeployOptions {
  config: string;
  data: string[];
  noDebian: boolean;
  /** Rebuild the base corpus from Debian's catalogs (a download) instead of using the committed one. */
  rebuildDebian: boolean;
  /** Pull accepted corrections from the feedback D1 database (local or remote) as new data. */
  feedback?: 'local' | 'remote';
  /** Fine-tuning (with --init-from): peak LR, warm-up, oversampling of the new data, replay ratio. */
  lr?: number;
  warmupSteps?: number;
  oversample?: number;
  replayRatio?: number;
  initFrom?: string;
  resume: boolean;
  dryRun: boolean;
  skipTrain: boolean;
  run?: string;
  force: boolean;
  margin: number;
  weightsDir: string;
  workDir: string;
  maxSteps?: number;
  beam: number;
  evalLimit?: number;
  testCommand: string;
  deployCommand?: string;
  skipDeploy: boolean;
  /** Publish to Cloudflare R2 instead of the local R2 of wrangler dev. */
  remote: boolean;
  /** Local state folder of the local R2 (default .wrangler/state). */
  persistTo?: string;
}

export const REDEPLOY_HELP = `Usage: npm run redeploy -- [options]
Retrains the model, exports it, checks it against the deployed weights and deploys it.
Stages: corpus → train → export → compare → gate → install (swap + tests) → publish (model store) → deploy (script, only if the code changed).

  --config FILE          training config (default training/configs/en-es.json)
  --data FILE            extra parallel data (.tsv, .po, .mo, .tmx); repeatable. Merged with the
                         committed corpus into <work-dir>/corpus, no download (the committed corpus
                         is not touched); its own splits go to <work-dir>/new-data
  --feedback local|remote  also use the accepted corrections of the feedback D1 database
  --rebuild-debian       rebuild the base corpus from Debian's catalogs (downloads them)
  --no-debian            with --data: build the corpus from the --data files only (forgets)
  --init-from DIR        fine-tune from an exported model folder (e.g. weights/en-es): small LR
                         with warm-up, new data oversampled and mixed with replay of the base corpus
  --lr X                 fine-tuning peak LR (default: the config's lr × 0.15)
  --warmup-steps N       fine-tuning warm-up steps (default 50)
  --oversample N         fine-tuning copies of each new-data pair (default 4)
  --replay-ratio X       fine-tuning replay pairs per new-data copy (default 2)
  --resume               continue: skip stages already done with unchanged inputs, resume training
  --skip-train           export an existing run instead of training (see --run)
  --run DIR              run folder to export with --skip-train (default <work-dir>/run)
  --max-steps N          stop training after N steps (passed to the trainer)
  --beam N               beam size of the test evaluation (default 5)
  --eval-limit N         evaluate on the first N test sentences only (default: all)
  --margin X             refuse if BLEU drops by more than X on the base test set or on the new
                         data's test split (default 0.5)
  --force                deploy even if the gate refuses
  --weights-dir DIR      deployed model folder to replace (default weights/en-es)
  --work-dir DIR         where the corpus, run, candidate, state and log go (default runs/redeploy)
  --test-command CMD     test suite run after the swap (default "npm test"); failure restores the old weights
  --local                publish to the local R2 of wrangler dev (default)
  --remote               publish to Cloudflare R2 (wrangler's login or CLOUDFLARE_API_TOKEN)
  --persist-to DIR       local state folder of --local (default .wrangler/state)
  --dry-run              deploy with wrangler deploy --dry-run (nothing is uploaded to Cloudflare)
  --deploy-command CMD   run CMD instead of wrangler deploy
  --skip-deploy          stop after the tests (no publish, no deploy)
Exit codes: 0 done, 1 a stage failed, 2 bad input, 3 refused by the quality gate, 130 interrupted.
Log: <work-dir>/redeploy.log; state: <work-dir>/state.json.`;

function num(flag: string, raw: string | undefined, check: (n: number) => boolean, what: string): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || !check(n)) throw new PipelineError(`${flag} must be ${what}, got ${JSON.stringify(raw)}`, 2);
  return n;
}

export function parseRedeployOptions(argv: string[], cwd = process.cwd()): RedeployOptions {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: {
      config: { type: 'string', default: 'training/configs/en-es.json' }, data: { type: 'string', multiple: true, default: [] },
      'no-debian': { type: 'boolean', default: false }, 'rebuild-debian': { type: 'boolean', default: false }, feedback: { type: 'string' },
      lr: { type: 'string' }, 'warmup-steps': { type: 'string' }, oversample: { type: 'string' }, 'replay-ratio': { type: 'string' }, 'init-from': { type: 'string' }, resume: { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false }, 'skip-train': { type: 'boolean', default: false }, run: { type: 'string' },
      force: { type: 'boolean', default: false }, margin: { type: 'string', default: '0.5' }, 'weights-dir': { type: 'string', default: 'weights/en-es' },
      'work-dir': { type: 'string', default: 'runs/redeploy' }, 'max-steps': { type: 'string' }, beam: { type: 'string', default: '5' },
      'eval-limit': { type: 'string' }, 'test-command': { type: 'string', default: 'npm test' }, 'deploy-command': { type: 'string' },
      'skip-deploy': { type: 'boolean', default: false }, local: { type: 'boolean', default: false }, remote: { type: 'boolean', default: false },
      'persist-to': { type: 'string' },
    } }));
  } catch (e) {
    throw new PipelineError((e as Error).message, 2);
  }
  const abs = (p: string) => path.resolve(cwd, p);
  const opts: RedeployOptions = {
    config: abs(values.config!), data: values.data!.map(abs), noDebian: values['no-debian']!, initFrom: values['init-from'] && abs(values['init-from']),
    resume: values.resume!, dryRun: values['dry-run']!, skipTrain: values['skip-train']!, run: values.run && abs(values.run), force: values.force!,
    margin: num('--margin', values.margin, (n) => n >= 0, 'a non-negative number')!, weightsDir: abs(values['weights-dir']!), workDir: abs(values['work-dir']!),
    maxSteps: num('--max-steps', values['max-steps'], (n) => Number.isInteger(n) && n >= 0, 'a non-negative integer'),
    beam: num('--beam', values.beam, (n) => Number.isInteger(n) && n >= 1 && n <= 16, 'an integer in 1..16')!,
    evalLimit: num('--eval-limit', values['eval-limit'], (n) => Number.isInteger(n) && n >= 1, 'a positive integer'),
    testCommand: values['test-command']!, deployCommand: values['deploy-command'], skipDeploy: values['skip-deploy']!,
    remote: values.remote!, persistTo: values['persist-to'] && abs(values['persist-to']),
    rebuildDebian: values['rebuild-debian']!,
    lr: num('--lr', values.lr, (n) => n > 0, 'a positive number'),
    warmupSteps: num('--warmup-steps', values['warmup-steps'], (n) => Number.isInteger(n) && n >= 0, 'a non-negative integer'),
    oversample: num('--oversample', values.oversample, (n) => Number.isInteger(n) && n >= 1, 'a positive integer'),
    replayRatio: num('--replay-ratio', values['replay-ratio'], (n) => n >= 0, 'a non-negative number'),
  };
  if (values.local && values.remote) throw new PipelineError('--local and --remote exclude each other', 2);
  if (opts.remote && opts.persistTo) throw new PipelineError('--persist-to only goes with --local', 2);
  if (opts.remote && opts.dryRun) throw new PipelineError('--dry-run uploads nothing to Cloudflare: it cannot go with --remote', 2);
  if (values.feedback !== undefined) {
    if (values.feedback !== 'local' && values.feedback !== 'remote') throw new PipelineError(`--feedback must be local or remote, got ${JSON.stringify(values.feedback)}`, 2);
    opts.feedback = values.feedback;
  }
  if (opts.noDebian && opts.rebuildDebian) throw new PipelineError('--no-debian and --rebuild-debian exclude each other', 2);
  if (!fs.existsSync(opts.config)) throw new PipelineError(`config file not found: ${opts.config}`, 2);
  for (const f of opts.data) if (!fs.existsSync(f)) throw new PipelineError(`--data file not found: ${f}`, 2);
  if (opts.noDebian && opts.data.length === 0 && !opts.feedback) throw new PipelineError('--no-debian needs at least one --data FILE (or --feedback)', 2);
  if (!opts.initFrom && [opts.lr, opts.warmupSteps, opts.oversample, opts.replayRatio].some((v) => v !== undefined)) throw new PipelineError('--lr, --warmup-steps, --oversample and --replay-ratio need --init-from (they set up fine-tuning)', 2);
  if (opts.initFrom && !fs.existsSync(path.join(opts.initFrom, 'manifest.json'))) throw new PipelineError(`--init-from: no model folder at ${opts.initFrom} (manifest.json not found)`, 2);
  if (opts.run && !opts.skipTrain) throw new PipelineError('--run DIR only goes with --skip-train', 2);
  if (opts.skipTrain && opts.initFrom) throw new PipelineError('--init-from has no effect with --skip-train', 2);
  if (path.resolve(opts.workDir) === path.resolve(opts.weightsDir)) throw new PipelineError('--work-dir and --weights-dir must differ', 2);
  return opts;
}
