/**
 * A toy translation task for trainer tests: random token sequences over a small vocabulary
 * whose target is the source copied or reversed, with a tiny model and training config.
 * Everything is in memory and seeded, so two calls with the same options give the same run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveConfig, type ModelConfig } from '../../src/model/graph/config.ts';
import { mulberry32 } from '../../src/model/graph/rng.ts';
import { NUM_RESERVED } from '../../src/model/text/special-tokens.ts';
import type { EncodedPair } from '../../training/lib/batches.ts';
import { TrainConfigSchema, type TrainConfig } from '../../training/lib/train-config.ts';
import { Trainer, type DevSet, type TrainerHooks } from '../../training/lib/trainer.ts';

export interface ToyOptions {
  outDir: string;
  task?: 'copy' | 'reverse';
  /** Number of distinct content tokens (ids NUM_RESERVED .. NUM_RESERVED + symbols − 1). */
  symbols?: number;
  minLen?: number;
  maxLen?: number;
  trainPairs?: number;
  devPairs?: number;
  dataSeed?: number;
  model?: Partial<ModelConfig>;
  train?: Partial<TrainConfig['train']>;
}

export interface ToyTask { cfg: TrainConfig; model: ModelConfig; train: EncodedPair[]; dev: DevSet }

/** Builds the data, model config and training config of a toy task. */
export function toyTask(o: ToyOptions): ToyTask {
  const symbols = o.symbols ?? 8, minLen = o.minLen ?? 3, maxLen = o.maxLen ?? 6;
  const rnd = mulberry32(o.dataSeed ?? 7);
  const pair = (): EncodedPair => {
    const src = Array.from({ length: minLen + Math.floor(rnd() * (maxLen - minLen + 1)) }, () => NUM_RESERVED + Math.floor(rnd() * symbols));
    return { src, tgt: o.task === 'reverse' ? src.slice().reverse() : src.slice() };
  };
  const train = Array.from({ length: o.trainPairs ?? 400 }, pair);
  const devPairs = Array.from({ length: o.devPairs ?? 20 }, pair);
  const V = NUM_RESERVED + symbols;
  const model = resolveConfig({
    srcVocabSize: V, tgtVocabSize: V, embDim: 16, cell: 'gru', encHidden: 16, encLayers: 1, decHidden: 32,
    attention: 'bahdanau', attnDim: 16, outDim: 16, tieOutput: false, dropout: 0, init: 'glorot', ...o.model,
  });
  const cfg = TrainConfigSchema.parse({
    name: 'toy', model: {}, data: { corpus: '(in memory)', vocab: '(in memory)', maxLen: 64, devLimit: devPairs.length },
    train: {
      seed: 1, lr: 0.01, warmupSteps: 10, maxTokens: 256, maxRows: 64, labelSmoothing: 0, clipNorm: 1,
      beta1: 0.9, beta2: 0.999, epsilon: 1e-8, maxEpochs: 1000, maxSteps: 100, evalEvery: 50, checkpointEvery: 1000,
      patience: 1000, lrDecay: 1, sampling: { type: 'none', start: 0, slope: 0, k: 1, max: 0 }, ...o.train,
    },
    outDir: o.outDir,
  });
  const dev: DevSet = { pairs: devPairs, refs: devPairs.map((p) => p.tgt.join(' ')), toText: (ids) => ids.join(' ') };
  return { cfg, model, train, dev };
}

/** A Trainer on a toy task (resume = continue from outDir/last.ckpt). */
export const toyTrainer = (t: ToyTask, hooks: TrainerHooks = {}, resume = false) => new Trainer(t.cfg, t.model, t.train, t.dev, hooks, resume);

/** A fresh empty folder under the OS temp dir. */
export const tempDir = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
