/**
 * No tensor leaks in training on the wasm backend: tf.memory() is the same after every
 * step, after evaluate() and checkpoint(), and back to where it started after dispose(),
 * for a fresh and for a resumed Trainer, with dropout and scheduled sampling on.
 */
import * as tf from '@tensorflow/tfjs';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttentionType, CellType } from '../../src/model/graph/config.ts';
import { paramShapes } from '../../src/model/graph/seq2seq.ts';
import { hostBatch, planEpoch } from '../../training/lib/batches.ts';
import { initBackend } from '../../src/backend/node-wasm.ts';
import { tempDir, toyTask, toyTrainer } from './train-toy.ts';

const dirs: string[] = [];
const mem = () => ({ tensors: tf.memory().numTensors, bytes: tf.memory().numBytes });

describe('Trainer memory', () => {
  beforeAll(async () => { await initBackend('wasm'); }, 60_000);
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  const variants: [CellType, AttentionType][] = [['gru', 'bahdanau'], ['lstm', 'luong-dot'], ['gru', 'luong-general']];
  it.each(variants)('%s + %s: steps, evaluate and checkpoint leave tf.memory() unchanged; dispose frees everything', (cell, attention) => {
    const outDir = tempDir('train-memory');
    dirs.push(outDir);
    const model = attention === 'luong-dot' ? { cell, attention, encHidden: 16, decHidden: 32 } : { cell, attention };
    const toy = toyTask({ outDir, trainPairs: 80, devPairs: 6, model: { ...model, dropout: 0.3 }, train: { labelSmoothing: 0.1, sampling: { type: 'linear', start: 1, slope: 0.2, k: 1, max: 0.5 } } });
    const before = mem();
    const trainer = toyTrainer(toy);
    const nParams = Object.keys(paramShapes(toy.model)).length;
    const idle = mem();
    expect(idle.tensors - before.tensors).toBe(3 * nParams); // parameters + Adam m and v
    const plan = planEpoch(toy.train, toy.cfg.train.maxTokens, toy.cfg.train.maxRows, 1, 0);
    const seen: ReturnType<typeof mem>[] = [];
    for (let i = 0; i < 5; i++) {
      const info = trainer.step(hostBatch(toy.train, plan[i % plan.length]));
      if (i >= 2) expect(info.sampling).toBeGreaterThan(0); // the two-pass sampled decoder input is exercised
      seen.push(mem());
    }
    trainer.evaluate();
    seen.push(mem());
    trainer.checkpoint();
    seen.push(mem());
    for (const m of seen) expect(m).toEqual(idle);
    trainer.dispose();
    expect(mem()).toEqual(before);
  }, 60_000);

  it('a Trainer resumed from a checkpoint holds the same tensors as a fresh one and frees them on dispose', () => {
    const outDir = tempDir('train-memory');
    dirs.push(outDir);
    const toy = toyTask({ outDir, trainPairs: 40, devPairs: 4, train: { maxSteps: 3 } });
    const first = toyTrainer(toy);
    first.run();
    const fresh = mem();
    first.dispose();
    const before = mem();
    const resumed = toyTrainer(toy, {}, true);
    expect(resumed.state.step).toBe(3);
    expect(mem().tensors - before.tensors).toBe(fresh.tensors - before.tensors);
    expect(mem().bytes - before.bytes).toBe(fresh.bytes - before.bytes);
    resumed.dispose();
    expect(mem()).toEqual(before);
  }, 60_000);
});
