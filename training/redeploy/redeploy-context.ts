/**
 * What every stage of a redeploy run shares: the options, the training config, the log,
 * the state store and the fixed layout of the work dir.
 */
import path from 'node:path';
import type { TrainConfig } from '../lib/train-config.ts';
import type { RedeployLog } from './redeploy-log.ts';
import type { RedeployOptions } from './redeploy-options.ts';
import type { StateStore } from './state-store.ts';

export interface WorkPaths {
  /** Corpus built from --data (only used with --data). */
  corpus: string;
  /** The new data's own splits (--data, --feedback). */
  newData: string;
  /** Accepted corrections pulled from the feedback database (--feedback). */
  feedbackTsv: string;
  /** The training config derived from --config (corpus and output folder of this run). */
  trainConfig: string;
  /** The training run (checkpoints, log.jsonl, report.html). */
  run: string;
  /** The exported candidate model folder. */
  candidate: string;
  /** Copy of the previous weights while the tests run (restored if they fail). */
  previous: string;
  /** wrangler's bundle output. */
  dist: string;
  log: string;
  state: string;
}

export interface RedeployContext {
  opts: RedeployOptions;
  cfg: TrainConfig;
  log: RedeployLog;
  store: StateStore;
  paths: WorkPaths;
}

export function workPaths(workDir: string): WorkPaths {
  const p = (name: string) => path.join(workDir, name);
  return {
    corpus: p('corpus'), newData: p('new-data'), feedbackTsv: p('feedback.tsv'), trainConfig: p('train-config.json'), run: p('run'), candidate: p('candidate'), previous: p('previous-weights'),
    dist: p('dist'), log: p('redeploy.log'), state: p('state.json'),
  };
}
