/**
 * The step-indexed schedules of the trainer: scheduled-sampling probability (linear and
 * inverse-sigmoid, start offset, `max` cap) and the warm-up learning rate, at known steps,
 * plus a check that the Trainer feeds each step the scheduled probability.
 */
import fs from 'node:fs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { learningRate, samplingProbability, type SamplingSchedule } from '../../training/lib/schedules.ts';
import { initBackend } from '../../src/backend/node-wasm.ts';
import type { StepInfo } from '../../training/lib/trainer.ts';
import { tempDir, toyTask, toyTrainer } from './train-toy.ts';

const linear = (o: Partial<SamplingSchedule> = {}): SamplingSchedule => ({ type: 'linear', start: 0, slope: 0, k: 1, max: 1, ...o });
const invSig = (o: Partial<SamplingSchedule> = {}): SamplingSchedule => ({ type: 'inverse-sigmoid', start: 0, slope: 0, k: 1, max: 1, ...o });

describe('samplingProbability: linear', () => {
  it('is 0 before the start step and at the start step itself', () => {
    const s = linear({ start: 2000, slope: 1e-4, max: 0.2 });
    expect(samplingProbability(s, 0)).toBe(0);
    expect(samplingProbability(s, 1999)).toBe(0);
    expect(samplingProbability(s, 2000)).toBe(0);
  });

  it('grows by slope per step after the start (exact with a binary slope)', () => {
    const s = linear({ start: 10, slope: 1 / 64 });
    expect(samplingProbability(s, 11)).toBe(1 / 64);
    expect(samplingProbability(s, 26)).toBe(0.25);
    expect(samplingProbability(s, 42)).toBe(0.5);
  });

  it('matches 1 − (1 − slope·(step − start)) at the shipped schedule', () => {
    const s = linear({ start: 2000, slope: 1e-4, max: 0.2 });
    expect(samplingProbability(s, 2500)).toBeCloseTo(0.05, 14);
    expect(samplingProbability(s, 3000)).toBeCloseTo(0.1, 14);
    expect(samplingProbability(s, 3999)).toBeCloseTo(0.1999, 14);
  });

  it('is capped at max, however far past the start', () => {
    const s = linear({ start: 2000, slope: 1e-4, max: 0.2 });
    expect(samplingProbability(s, 4001)).toBe(0.2);
    expect(samplingProbability(s, 9000)).toBe(0.2);
    expect(samplingProbability(s, 1e9)).toBe(0.2);
  });

  it('never exceeds 1 even when the linear teacher-forcing rate goes negative', () => {
    const s = linear({ start: 0, slope: 0.5, max: 1 });
    expect(samplingProbability(s, 2)).toBe(1);
    expect(samplingProbability(s, 5)).toBe(1);
  });
});

describe('samplingProbability: inverse sigmoid', () => {
  it('starts at 1/(k+1) at the start step and is 0 before it', () => {
    expect(samplingProbability(invSig({ start: 5, k: 1 }), 4)).toBe(0);
    expect(samplingProbability(invSig({ start: 5, k: 1 }), 5)).toBe(0.5);
    expect(samplingProbability(invSig({ start: 0, k: 10 }), 0)).toBeCloseTo(0.09090909090909094, 15);
  });

  it('equals 1 − k/(k + exp((step − start)/k)) at known steps (values from Python floats)', () => {
    expect(samplingProbability(invSig({ start: 0, k: 100 }), 200)).toBeCloseTo(0.06880641628997641, 14);
    expect(samplingProbability(invSig({ start: 300, k: 100 }), 500)).toBeCloseTo(0.06880641628997641, 14);
    expect(samplingProbability(invSig({ start: 0, k: 1000 }), 5000)).toBeCloseTo(0.12923324495737543, 14);
    expect(samplingProbability(invSig({ start: 1000, k: 50 }), 1100)).toBeCloseTo(0.12875374855779054, 14);
  });

  it('is capped at max once the sigmoid passes it', () => {
    const s = invSig({ start: 0, k: 100, max: 0.25 });
    expect(samplingProbability(s, 200)).toBeLessThan(0.25);
    expect(samplingProbability(s, 2000)).toBe(0.25);
  });
});

describe('samplingProbability: properties', () => {
  it('is 0 for type none at every step', () => {
    fc.assert(fc.property(fc.nat(1e7), (step) => samplingProbability({ type: 'none', start: 0, slope: 1, k: 1, max: 1 }, step) === 0));
  });

  it('is non-decreasing in the step and stays within [0, max]', () => {
    fc.assert(fc.property(
      fc.constantFrom<'linear' | 'inverse-sigmoid'>('linear', 'inverse-sigmoid'), fc.nat(5000), fc.double({ min: 0, max: 0.01, noNaN: true }),
      fc.integer({ min: 1, max: 2000 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.nat(20000), fc.nat(20000),
      (type, start, slope, k, max, a, b) => {
        const s: SamplingSchedule = { type, start, slope, k, max };
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const p = samplingProbability(s, lo), q = samplingProbability(s, hi);
        return p >= 0 && q <= max && p <= q;
      }));
  });
});

describe('learningRate', () => {
  it('warms up linearly to lr over warmup steps, then stays constant', () => {
    expect(learningRate(0.002, 100, 0, 1)).toBeCloseTo(0.00002, 18);
    expect(learningRate(0.002, 100, 49, 1)).toBeCloseTo(0.001, 18);
    expect(learningRate(0.002, 100, 99, 1)).toBe(0.002);
    expect(learningRate(0.002, 100, 5000, 1)).toBe(0.002);
  });

  it('multiplies by the plateau decay scale and has no warm-up when warmup is 0', () => {
    expect(learningRate(0.002, 100, 500, 0.25)).toBe(0.0005);
    expect(learningRate(0.004, 0, 0, 1)).toBe(0.004);
  });
});

describe('Trainer and the schedules', () => {
  beforeAll(async () => { await initBackend('wasm'); }, 60_000);

  it('gives every step the sampling probability and learning rate scheduled for its index', () => {
    const sampling: SamplingSchedule = { type: 'linear', start: 3, slope: 0.125, k: 1, max: 0.5 };
    const outDir = tempDir('train-schedules');
    const toy = toyTask({ outDir, train: { maxSteps: 10, warmupSteps: 4, lr: 0.008, evalEvery: 1000, sampling } });
    const infos: StepInfo[] = [];
    const trainer = toyTrainer(toy, { onStep: (s) => infos.push(s) });
    try {
      trainer.run();
    } finally {
      trainer.dispose();
      fs.rmSync(outDir, { recursive: true, force: true });
    }
    expect(infos.map((s) => s.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(infos.map((s) => s.sampling)).toEqual([0, 0, 0, 0, 0.125, 0.25, 0.375, 0.5, 0.5, 0.5]);
    expect(infos.map((s) => s.lr)).toEqual([0.002, 0.004, 0.006, 0.008, 0.008, 0.008, 0.008, 0.008, 0.008, 0.008]);
  }, 60_000);
});
