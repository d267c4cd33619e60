/**
 * How `npm run redeploy -- --init-from DIR` fine-tunes (issue 15: fine-tuning that does
 * not forget). The derived training config of the run gets:
 *  - a small learning rate: the config's peak LR × LR_FACTOR (en-es: 0.002 → 0.0005), or --lr;
 *  - a short linear warm-up from a fresh Adam state: WARMUP_STEPS, at most a tenth of
 *    --max-steps (or --warmup-steps);
 *  - small batches: at most MAX_TOKENS target tokens per batch;
 *  - an evaluation every EVAL_EVERY steps on the first DEV_LIMIT dev sentences (the new
 *    data's dev pairs come first, then the base corpus's), and always one at the end;
 *  - with new data (--data, --feedback): the replay mix of training/lib/replay-mix.ts, the new
 *    data's train pairs × OVERSAMPLE plus REPLAY_RATIO × as many pairs replayed from the base
 *    corpus, i.e. one third new data and two thirds replay.
 */
import type { TrainConfig } from '../lib/train-config.ts';

export const FINE_TUNE = {
  LR_FACTOR: 0.25,
  WARMUP_STEPS: 50,
  MAX_TOKENS: 1000,
  EVAL_EVERY: 100,
  DEV_LIMIT: 200,
  OVERSAMPLE: 4,
  REPLAY_RATIO: 2,
} as const;

export interface FineTuneChoices { lr?: number; warmupSteps?: number; oversample?: number; replayRatio?: number; maxSteps?: number }

/** The training config of a fine-tuning run; `newData` is the new data's corpus folder, if any. */
export function fineTuneConfig(cfg: TrainConfig, choices: FineTuneChoices, newData: string | null): TrainConfig {
  return {
    ...cfg,
    data: {
      ...cfg.data,
      devLimit: Math.min(cfg.data.devLimit, FINE_TUNE.DEV_LIMIT),
      ...(newData ? { focus: { corpus: newData, oversample: choices.oversample ?? FINE_TUNE.OVERSAMPLE, replayRatio: choices.replayRatio ?? FINE_TUNE.REPLAY_RATIO } } : {}),
    },
    train: {
      ...cfg.train,
      lr: choices.lr ?? cfg.train.lr * FINE_TUNE.LR_FACTOR,
      warmupSteps: choices.warmupSteps ?? Math.min(FINE_TUNE.WARMUP_STEPS, choices.maxSteps ? Math.ceil(choices.maxSteps / 10) : FINE_TUNE.WARMUP_STEPS),
      maxTokens: Math.min(cfg.train.maxTokens, FINE_TUNE.MAX_TOKENS),
      evalEvery: Math.min(cfg.train.evalEvery, FINE_TUNE.EVAL_EVERY),
    },
  };
}
