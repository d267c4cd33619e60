/**
 * Resuming is exact: a run interrupted (gracefully, or by a crash between checkpoints) and
 * continued from last.ckpt by a new Trainer ends with the same parameters, Adam moments and
 * trainer state as an uninterrupted run with the same seed, compared bit for bit. The
 * config turns on everything random or stateful: dropout, label smoothing, scheduled
 * sampling, evaluations with plateau LR decay, checkpoints, and epoch boundaries.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCheckpoint } from '../../training/lib/checkpoint.ts';
import type { TrainerState } from '../../training/lib/trainer.ts';
import { readVariables } from '../../training/lib/variables.ts';
import { initBackend } from '../../src/backend/node-wasm.ts';
import { tempDir, toyTask, toyTrainer, type ToyTask } from './train-toy.ts';

const N = 16;
const root = tempDir('train-resume');

const task = (name: string): ToyTask => toyTask({
  outDir: path.join(root, name), trainPairs: 60, devPairs: 8, model: { dropout: 0.2, cell: 'lstm', attention: 'luong-general' },
  train: {
    maxSteps: N, maxTokens: 48, labelSmoothing: 0.1, evalEvery: 5, checkpointEvery: 3, lrDecay: 0.5,
    sampling: { type: 'linear', start: 4, slope: 0.05, k: 1, max: 0.3 },
  },
});

/** Every Float32 of the parameters and Adam moments, as bytes, plus the state that matters. */
function snapshot(t: ReturnType<typeof toyTrainer>) {
  const bytes = (r: Record<string, Float32Array>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex')]));
  const { step, epoch, batchInEpoch, adamT, lrScale, bestBleu, bestStep, badEvals, stopped, history } = t.state;
  return {
    params: bytes(readVariables(t.vars)), m: bytes(readVariables(t.adam.m)), v: bytes(readVariables(t.adam.v)),
    state: { step, epoch, batchInEpoch, adamT, lrScale, bestBleu, bestStep, badEvals, stopped },
    // trainLoss averages the steps since the last evaluation in this process, so it is left out.
    evals: history.map(({ step: s, devLoss, devBleu, lr }) => ({ step: s, devLoss, devBleu, lr })),
  };
}

/** Runs a toy task to completion, restarting after each interruption with resume = true. */
function runWithInterruptions(toy: ToyTask, interrupt: (restart: number) => { stopAt?: number; crashAt?: number } | null) {
  const resumedAt: number[] = [];
  for (let restart = 0; ; restart++) {
    const trainer = toyTrainer(toy, {
      onStep: (s) => { if (s.step === plan?.crashAt) throw new Error(`simulated crash after step ${s.step}`); },
    }, restart > 0);
    if (restart > 0) resumedAt.push(trainer.state.step);
    const plan = interrupt(restart);
    try {
      trainer.run(() => plan?.stopAt !== undefined && trainer.state.step >= plan.stopAt);
      if (trainer.state.stopped) return { snap: snapshot(trainer), resumedAt };
    } catch (e) {
      if (!String(e).includes('simulated crash')) throw e;
    } finally {
      trainer.dispose();
    }
    if (restart > 10) throw new Error('too many restarts');
  }
}

describe('Trainer resume', () => {
  let straight: ReturnType<typeof snapshot>;
  let maxSampling = 0;

  beforeAll(async () => {
    await initBackend('wasm');
    const toy = task('straight');
    const trainer = toyTrainer(toy, { onStep: (s) => { maxSampling = Math.max(maxSampling, s.sampling); } });
    try {
      trainer.run();
      straight = snapshot(trainer);
    } finally {
      trainer.dispose();
    }
  }, 120_000);
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('the uninterrupted reference run crosses an epoch boundary, evaluates, decays the LR and samples', () => {
    expect(straight.state.step).toBe(N);
    expect(straight.state.epoch).toBeGreaterThanOrEqual(1);
    expect(straight.evals.map((e) => e.step)).toEqual([5, 10, 15, 16]); // 16: the final evaluation of a finished run
    expect(straight.state.stopped).toBe(true);
    expect(straight.state.lrScale).toBeLessThan(1);
    expect(maxSampling).toBeGreaterThan(0);
  });

  it('continues bit for bit after a graceful stop at step 7 (shouldStop → checkpoint)', () => {
    const { snap, resumedAt } = runWithInterruptions(task('graceful'), (r) => (r === 0 ? { stopAt: 7 } : null));
    expect(resumedAt).toEqual([7]);
    expect(snap).toEqual(straight);
  }, 120_000);

  it('continues bit for bit after crashes between checkpoints (replaying the lost steps)', () => {
    // Checkpoints come every 3 steps, at evaluations (every 5) and at epoch ends, so a crash
    // right after step 8 or 14 (neither a checkpoint step) loses 1–2 steps that are replayed.
    const { snap, resumedAt } = runWithInterruptions(task('crash'), (r) => (r === 0 ? { crashAt: 8 } : r === 1 ? { crashAt: 14 } : null));
    expect(resumedAt).toHaveLength(2);
    expect(resumedAt[0]).toBeGreaterThanOrEqual(6);
    expect(resumedAt[0]).toBeLessThan(8);
    expect(resumedAt[1]).toBeGreaterThanOrEqual(12);
    expect(resumedAt[1]).toBeLessThan(14);
    expect(snap).toEqual(straight);
  }, 120_000);

  it('writes last.ckpt holding exactly the final parameters', () => {
    const ck = loadCheckpoint<TrainerState>(path.join(root, 'crash', 'last.ckpt'));
    expect(ck.state.step).toBe(N);
    for (const [name, hex] of Object.entries(straight.params)) {
      const v = ck.tensors[`p/${name}`];
      expect(Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex'), name).toBe(hex);
    }
  });
});
