/**
 * The training loop: length-bucketed batches, teacher forcing with scheduled sampling,
 * label-smoothed masked cross-entropy, Adam with global-norm clipping, periodic dev
 * loss/BLEU, best-checkpoint keeping, plateau LR decay, early stopping, a final evaluation
 * and checkpoint at the end of every finished run, and atomic checkpoints from which
 * `resume` continues bit for bit.
 */
import * as tf from '@tensorflow/tfjs';
import fs from 'node:fs';
import path from 'node:path';
import type { ModelConfig } from '../../src/model/graph/config.ts';
import { maskedLoss, unrolledLogits } from '../../src/model/graph/seq2seq.ts';
import { mixSeed, mulberry32 } from '../../src/model/graph/rng.ts';
import { corpusBleu } from '../../src/metrics/bleu.ts';
import { Adam } from './adam.ts';
import { GradPool } from './grad-pool.ts';
import { unigramLogPrior } from './unigram-prior.ts';
import { shardGrads } from './shard-grads.ts';
import { disposeBatch, hostBatch, planEpoch, toTensors, type EncodedPair, type HostBatch } from './batches.ts';
import { loadCheckpoint, saveCheckpoint } from './checkpoint.ts';
import { greedyDecodeAll } from './greedy-batch.ts';
import { learningRate, samplingProbability } from './schedules.ts';
import type { TrainConfig } from './train-config.ts';
import { createVariables, initVariables, readVariables } from './variables.ts';

/** A dev set: encoded pairs, their reference strings, and how to turn output ids into text. */
export interface DevSet { pairs: EncodedPair[]; refs: string[]; toText: (ids: number[], index: number) => string }

/** Everything a checkpoint needs to continue exactly. */
export interface TrainerState {
  step: number; epoch: number; batchInEpoch: number; adamT: number; lrScale: number;
  bestBleu: number; bestStep: number; badEvals: number; stopped: boolean;
  tokens: number; seconds: number;
  history: { step: number; epoch: number; trainLoss: number; devLoss: number; devBleu: number; lr: number; seconds: number }[];
}

export interface StepInfo { step: number; epoch: number; loss: number; gradNorm: number; lr: number; sampling: number; tokens: number; ms: number }

export interface TrainerHooks { onStep?: (s: StepInfo, epochBatches: number, batchInEpoch: number) => void; onEval?: (h: TrainerState['history'][number], improved: boolean) => void; log?: (rec: object) => void }

export class Trainer {
  readonly vars: Record<string, tf.Variable>;
  readonly adam: Adam;
  state: TrainerState;
  private pool: GradPool | null = null;
  private lossSum = 0;
  private lossTokens = 0;

  constructor(readonly cfg: TrainConfig, readonly model: ModelConfig, readonly train: EncodedPair[], readonly dev: DevSet, readonly hooks: TrainerHooks = {}, resume = false) {
    const last = this.file('last.ckpt');
    const t = cfg.train;
    if (resume && fs.existsSync(last)) {
      const ck = loadCheckpoint<TrainerState>(last);
      if (JSON.stringify(ck.config) !== JSON.stringify(model)) throw new Error(`${last} was written for a different model config; start a new run or pass the same config`);
      const pick = (prefix: string) => Object.fromEntries(Object.entries(ck.tensors).filter(([k]) => k.startsWith(prefix)).map(([k, v]) => [k.slice(prefix.length), v]));
      this.vars = createVariables(model, pick('p/'));
      this.adam = new Adam(this.vars, { beta1: t.beta1, beta2: t.beta2, epsilon: t.epsilon, clipNorm: t.clipNorm });
      tf.tidy(() => {
        for (const [k, v] of Object.entries(pick('m/'))) this.adam.m[k].assign(tf.tensor(v, this.vars[k].shape));
        for (const [k, v] of Object.entries(pick('v/'))) this.adam.v[k].assign(tf.tensor(v, this.vars[k].shape));
      });
      this.state = ck.state;
      this.adam.t = ck.state.adamT;
    } else {
      this.vars = initVariables(model, t.seed);
      tf.tidy(() => this.vars['out.b'].assign(tf.tensor1d(unigramLogPrior(train, model.tgtVocabSize))));
      this.adam = new Adam(this.vars, { beta1: t.beta1, beta2: t.beta2, epsilon: t.epsilon, clipNorm: t.clipNorm });
      this.state = { step: 0, epoch: 0, batchInEpoch: 0, adamT: 0, lrScale: 1, bestBleu: -1, bestStep: 0, badEvals: 0, stopped: false, tokens: 0, seconds: 0, history: [] };
    }
  }

  file(name: string): string { return path.join(this.cfg.outDir, name); }

  /**
   * Data parallelism: with 2 workers, a worker thread computes half of every batch's
   * gradient (needs a free second core). A run is bitwise reproducible for a fixed count.
   */
  async startWorkers(count: number): Promise<void> {
    if (count <= 1) return;
    if (count > 2) throw new Error('at most 2 workers are supported (one extra worker thread)');
    this.pool = new GradPool(this.vars, this.model);
    await this.pool.start();
  }

  /** Trains until max epochs/steps or early stopping; `shouldStop` is polled between steps. */
  run(shouldStop: () => boolean = () => false): TrainerState {
    for (const _ of this.steps(shouldStop)) { /* synchronous: nothing to wait for */ }
    return this.state;
  }

  /**
   * Like `run`, but yields to the event loop after every step, so signal handlers (Ctrl-C,
   * SIGTERM) can set the stop flag and the run ends with a checkpoint.
   */
  async runAsync(shouldStop: () => boolean = () => false): Promise<TrainerState> {
    for (const _ of this.steps(shouldStop)) await new Promise((resolve) => setImmediate(resolve));
    return this.state;
  }

  /** The training loop as a generator: one yield per optimisation step. */
  private *steps(shouldStop: () => boolean): Generator<void> {
    const t = this.cfg.train;
    while (!this.state.stopped && this.state.epoch < t.maxEpochs) {
      const plan = planEpoch(this.train, t.maxTokens, t.maxRows, t.seed, this.state.epoch, t.maxAttnCells);
      while (this.state.batchInEpoch < plan.length) {
        if (shouldStop()) { this.checkpoint(); return; }
        const info = this.step(hostBatch(this.train, plan[this.state.batchInEpoch]));
        this.state.batchInEpoch++;
        this.hooks.onStep?.(info, plan.length, this.state.batchInEpoch);
        const s = this.state.step;
        if (s % t.evalEvery === 0) this.evaluate();
        if (t.maxSteps > 0 && s >= t.maxSteps) this.state.stopped = true;
        if (this.state.stopped) { this.finish(); return; }
        if (s % t.checkpointEvery === 0 || s % t.evalEvery === 0) this.checkpoint();
        yield;
      }
      this.state.epoch++;
      this.state.batchInEpoch = 0;
      this.checkpoint();
    }
    this.finish();
  }

  /**
   * The end of a run (max steps, max epochs or early stopping, not an interruption): a final
   * dev evaluation unless the last step was just evaluated, so every finished run has a
   * best.ckpt whatever --max-steps is, then the last checkpoint.
   */
  private finish(): void {
    this.state.stopped = true;
    if (this.state.step > 0 && this.state.history.at(-1)?.step !== this.state.step) this.evaluate();
    this.checkpoint();
  }

  /** One optimisation step on a host batch. */
  step(h: HostBatch): StepInfo {
    const t0 = performance.now();
    const t = this.cfg.train;
    const step = this.state.step;
    const lr = learningRate(t.lr, t.warmupSteps, step, this.state.lrScale);
    const prob = samplingProbability(t.sampling, step);
    const tgtIn = prob > 0 ? this.sampledInputs(h, prob, step) : h.tgtIn;
    const r = this.pool ? this.pool.grads2(h, tgtIn, t.seed, step, t.labelSmoothing) : shardGrads(this.vars, this.model, h, tgtIn, t.seed, step, 0, t.labelSmoothing);
    const gradNorm = this.adam.step(r.grads, lr);
    for (const g of Object.values(r.grads)) g.dispose();
    const { loss, tokens } = r;
    const ms = performance.now() - t0;
    Object.assign(this.state, { step: step + 1, adamT: this.adam.t, tokens: this.state.tokens + tokens, seconds: this.state.seconds + ms / 1000 });
    this.lossSum += loss * tokens;
    this.lossTokens += tokens;
    const info: StepInfo = { step: step + 1, epoch: this.state.epoch, loss, gradNorm, lr, sampling: prob, tokens, ms };
    this.hooks.log?.({ type: 'step', ...info });
    return info;
  }

  /**
   * Scheduled sampling in two passes (Mihaylova & Liu 2019): a teacher-forced pass without
   * gradient predicts every position; each gold previous token (after <s>) is then replaced
   * by the prediction for that position with probability `prob`.
   */
  private sampledInputs(h: HostBatch, prob: number, step: number): Int32Array {
    const b = toTensors(h);
    const pred = tf.tidy(() => tf.argMax(unrolledLogits(this.vars, this.model, b, undefined), 1));
    const p = pred.dataSync();
    pred.dispose();
    disposeBatch(b);
    const rnd = mulberry32(mixSeed(this.cfg.train.seed, step, 3));
    const out = h.tgtIn.slice();
    for (let r = 0; r < h.B; r++) {
      for (let j = 1; j < h.T; j++) {
        if (h.tgtMask[r * h.T + j] === 1 && rnd() < prob) out[r * h.T + j] = p[r * h.T + j - 1];
      }
    }
    return out;
  }

  /** Dev loss (teacher forced, no dropout) and greedy dev BLEU; keeps the best checkpoint. */
  evaluate(): TrainerState['history'][number] {
    const t0 = performance.now();
    const t = this.cfg.train;
    const n = Math.min(this.dev.pairs.length, this.cfg.data.devLimit);
    const devPairs = this.dev.pairs.slice(0, n);
    let lossSum = 0, tokSum = 0;
    for (const idx of planEpoch(devPairs, t.maxTokens, t.maxRows, 0, 0)) {
      const h = hostBatch(devPairs, idx);
      const b = toTensors(h);
      const l = tf.tidy(() => maskedLoss(unrolledLogits(this.vars, this.model, b, undefined), b.tgtOut, b.tgtMask, 0));
      const tokens = h.tgtMask.reduce((a, m) => a + m, 0);
      lossSum += l.dataSync()[0] * tokens;
      tokSum += tokens;
      l.dispose();
      disposeBatch(b);
    }
    const outs = greedyDecodeAll(this.vars, this.model, devPairs.map((p) => p.src));
    const hyps = outs.map((ids, i) => this.dev.toText(ids, i));
    const bleu = corpusBleu(hyps, [this.dev.refs.slice(0, n)]).score;
    const rec = {
      step: this.state.step, epoch: this.state.epoch, trainLoss: this.lossTokens ? this.lossSum / this.lossTokens : NaN,
      devLoss: lossSum / Math.max(1, tokSum), devBleu: bleu, lr: learningRate(t.lr, t.warmupSteps, this.state.step, this.state.lrScale), seconds: this.state.seconds,
    };
    this.lossSum = 0; this.lossTokens = 0;
    this.state.history.push(rec);
    const improved = bleu > this.state.bestBleu;
    if (improved) {
      Object.assign(this.state, { bestBleu: bleu, bestStep: this.state.step, badEvals: 0 });
      saveCheckpoint(this.file('best.ckpt'), { config: this.model, state: this.state, tensors: prefixed('p/', readVariables(this.vars)) });
    } else {
      this.state.badEvals++;
      this.state.lrScale *= t.lrDecay;
      if (this.state.badEvals >= t.patience) this.state.stopped = true;
    }
    this.hooks.log?.({ type: 'eval', ...rec, improved, evalSeconds: (performance.now() - t0) / 1000, samples: hyps.slice(0, 3) });
    this.hooks.onEval?.(rec, improved);
    return rec;
  }

  checkpoint(): void {
    const tensors = { ...prefixed('p/', readVariables(this.vars)), ...prefixed('m/', readVariables(this.adam.m)), ...prefixed('v/', readVariables(this.adam.v)) };
    saveCheckpoint(this.file('last.ckpt'), { config: this.model, state: this.state, tensors });
  }

  dispose(): void {
    void this.pool?.stop();
    for (const v of Object.values(this.vars)) v.dispose();
    this.adam.dispose();
  }
}

const prefixed = (p: string, m: Record<string, Float32Array>) => Object.fromEntries(Object.entries(m).map(([k, v]) => [p + k, v]));
