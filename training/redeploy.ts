/**
 * `npm run redeploy -- [--config FILE] [--data FILE...] [--feedback local|remote] [--init-from weights/<name>] [--resume]
 *     [--dry-run] [--skip-train] [--force] [--margin 0.5] [--weights-dir weights/en-es] [--work-dir runs/redeploy]
 *     [--local | --remote] [--persist-to DIR]`
 *
 * One command to retrain and redeploy, with a quality gate. Stages (each is also an npm
 * script of its own): corpus → train → export → compare → gate → install (atomic swap of
 * the weights folder + test suite, rolled back if the tests fail) → publish (model store:
 * upload, read back, flip the pointer) → deploy (wrangler, only when the script changed).
 * Everything is logged to <work-dir>/redeploy.log; <work-dir>/state.json records the
 * finished stages with their inputs' hashes so `--resume` skips them. See docs/retraining.md.
 * Exit codes: 0 done, 1 a stage failed, 2 bad input, 3 refused by the gate, 130 interrupted.
 */
import fs from 'node:fs';
import { readTrainConfig } from './lib/train-config.ts';
import { PipelineError } from './redeploy/pipeline-error.ts';
import { pullFeedback } from './redeploy/pull-feedback.ts';
import { workPaths, type RedeployContext } from './redeploy/redeploy-context.ts';
import { formatDuration, RedeployLog } from './redeploy/redeploy-log.ts';
import { parseRedeployOptions, REDEPLOY_HELP } from './redeploy/redeploy-options.ts';
import { forwardSignal } from './redeploy/run-command.ts';
import { runStage } from './redeploy/run-stage.ts';
import { StateStore } from './redeploy/state-store.ts';
import { renderSummary, type SummaryInput } from './redeploy/summary-table.ts';
import { compareStage } from './redeploy/stages/compare-stage.ts';
import { corpusStage } from './redeploy/stages/corpus-stage.ts';
import { deployStage } from './redeploy/stages/deploy-stage.ts';
import { exportStage } from './redeploy/stages/export-stage.ts';
import { gateStage } from './redeploy/stages/gate-stage.ts';
import { installStage } from './redeploy/stages/install-stage.ts';
import { publishStage } from './redeploy/stages/publish-stage.ts';
import { trainStage } from './redeploy/stages/train-stage.ts';

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(REDEPLOY_HELP);
    return 0;
  }
  const opts = parseRedeployOptions(argv);
  let cfg;
  try { cfg = readTrainConfig(opts.config); } catch (e) { throw new PipelineError((e as Error).message, 2); }
  fs.mkdirSync(opts.workDir, { recursive: true });
  const paths = workPaths(opts.workDir);
  const log = new RedeployLog(paths.log);
  const store = new StateStore(paths.state, !opts.resume);
  const ctx: RedeployContext = { opts, cfg, log, store, paths };
  const onSignal = (signal: NodeJS.Signals) => {
    log.line(`\nreceived ${signal}: stopping the running stage (rerun with --resume to continue)`);
    forwardSignal(signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const t0 = performance.now();
  log.line(`=== redeploy ${new Date().toISOString()} (invocation ${store.invocation}): ${argv.join(' ') || '(defaults)'} ===`);
  log.line(`work dir ${opts.workDir}; log ${paths.log}; state ${paths.state}`);
  const summary: SummaryInput = { beam: opts.beam, decision: '' };
  let stage = 'corpus';
  try {
    // --feedback: the accepted corrections become one more new-data file (merged like --data).
    if (opts.feedback) {
      await pullFeedback(log, opts.feedback, paths.feedbackTsv);
      opts.data.push(paths.feedbackTsv);
    }
    const corpus = await runStage(ctx, corpusStage(ctx));
    stage = 'train';
    const train = await runStage(ctx, trainStage(ctx, corpus));
    stage = 'export';
    summary.candidate = await runStage(ctx, exportStage(ctx, corpus, train));
    stage = 'compare';
    const compare = await runStage(ctx, compareStage(ctx, corpus, summary.candidate));
    summary.old = compare.old;
    summary.sets = compare.sets;
    stage = 'gate';
    const gate = await runStage(ctx, gateStage(ctx, compare));
    stage = 'install';
    await runStage(ctx, installStage(ctx, summary.candidate));
    stage = 'publish';
    const published = await runStage(ctx, publishStage(ctx));
    stage = 'deploy';
    summary.deploy = await runStage(ctx, deployStage(ctx));
    const pub = published.skipped ? '' : `, published ${published.pair}/${published.modelId} to ${published.where}`;
    const how = summary.deploy.skipped ? `installed in ${opts.weightsDir}${pub}; deploy skipped`
      : summary.deploy.unchanged ? `installed in ${opts.weightsDir}${pub}; script unchanged, not redeployed`
      : summary.deploy.dryRun ? `installed in ${opts.weightsDir}${pub} and deployed (dry run)` : `installed in ${opts.weightsDir}${pub} and deployed`;
    summary.decision = `${how} (${gate.verdict === 'first-deploy' ? 'first deploy' : gate.verdict === 'forced' ? 'gate overridden by --force' : 'gate passed'})`;
    log.line(`\n${renderSummary(summary)}`);
    log.line(`redeploy finished in ${formatDuration((performance.now() - t0) / 1000)}; log: ${paths.log}`);
    return 0;
  } catch (e) {
    const err = e instanceof PipelineError ? e : new PipelineError(`stage ${stage} failed: ${(e as Error).message.split('\n')[0]}`);
    summary.decision = err.exitCode === 3 ? `refused by the quality gate; ${opts.weightsDir} unchanged`
      : err.exitCode === 130 ? `interrupted during ${stage}; rerun with --resume`
      : stage === 'publish' ? `new weights installed in ${opts.weightsDir} and tested, but the publish failed: the store's pointer is unchanged`
      : stage === 'deploy' ? `new weights installed in ${opts.weightsDir}, tested and published, but the script deploy failed` : `failed at stage ${stage}; ${opts.weightsDir} unchanged`;
    log.line(`\n${renderSummary(summary)}`);
    log.line(`redeploy: error: ${err.message} (log: ${paths.log})`);
    return err.exitCode;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    log.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (e: unknown) => {
    const err = e as Error;
    if (process.env.DEBUG) console.error(err);
    process.stderr.write(`redeploy: error: ${(err?.message ?? String(e)).split('\n')[0]}\n`);
    process.exitCode = e instanceof PipelineError ? e.exitCode : 1;
  },
);
