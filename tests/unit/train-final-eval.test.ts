/**
 * A finished run always ends with a dev evaluation and a checkpoint, whatever --max-steps
 * is: with maxSteps below evalEvery (the `--max-steps 20` of issue 15) the run still writes
 * best.ckpt, and a run whose last step was just evaluated is not evaluated twice.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/node-wasm.ts';
import { loadCheckpoint } from '../../training/lib/checkpoint.ts';
import type { TrainerState } from '../../training/lib/trainer.ts';
import { tempDir, toyTask, toyTrainer } from './train-toy.ts';

describe('the end of a training run', () => {
  beforeAll(async () => { await initBackend('wasm'); }, 60_000);

  it('evaluates and writes best.ckpt and last.ckpt when maxSteps is below evalEvery', () => {
    const outDir = tempDir('train-final-eval');
    const trainer = toyTrainer(toyTask({ outDir, trainPairs: 60, devPairs: 6, train: { maxSteps: 7, evalEvery: 200 } }));
    try {
      const state = trainer.run();
      expect(state.step).toBe(7);
      expect(state.history.map((h) => h.step)).toEqual([7]);
      expect(fs.existsSync(path.join(outDir, 'best.ckpt'))).toBe(true);
      expect(loadCheckpoint<TrainerState>(path.join(outDir, 'last.ckpt')).state).toMatchObject({ step: 7, stopped: true });
      expect(loadCheckpoint<TrainerState>(path.join(outDir, 'best.ckpt')).state.bestStep).toBe(7);
    } finally {
      trainer.dispose();
      fs.rmSync(outDir, { recursive: true, force: true });
    }
  }, 60_000);

  it('does not evaluate the last step twice when it falls on evalEvery', () => {
    const outDir = tempDir('train-final-eval');
    const trainer = toyTrainer(toyTask({ outDir, trainPairs: 60, devPairs: 6, train: { maxSteps: 6, evalEvery: 3 } }));
    try {
      expect(trainer.run().history.map((h) => h.step)).toEqual([3, 6]);
    } finally {
      trainer.dispose();
      fs.rmSync(outDir, { recursive: true, force: true });
    }
  }, 60_000);
});
