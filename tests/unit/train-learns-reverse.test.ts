/**
 * End-to-end learning check on the wasm backend: a tiny attention Seq2Seq trained by the
 * Trainer on a toy task (output = the source sequence reversed, 3–6 tokens over 8 symbols)
 * reaches dev BLEU ≥ 90 within a 400-step budget; the dev BLEU is recomputed outside the
 * trainer with batched greedy decoding and the project's corpusBleu.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusBleu } from '../../src/metrics/bleu.ts';
import { greedyDecodeAll } from '../../training/lib/greedy-batch.ts';
import type { Trainer } from '../../training/lib/trainer.ts';
import { initBackend } from '../../src/backend/node-wasm.ts';
import { tempDir, toyTask, toyTrainer } from './train-toy.ts';

const outDir = tempDir('train-reverse');
const toy = toyTask({ outDir, task: 'reverse', trainPairs: 400, devPairs: 30, train: { maxSteps: 400, evalEvery: 50, lr: 0.01 } });
const devBleu = (t: Trainer) => {
  const hyps = greedyDecodeAll(t.vars, t.model, toy.dev.pairs.map((p) => p.src)).map((ids, i) => toy.dev.toText(ids, i));
  return corpusBleu(hyps, [toy.dev.refs]).score;
};

describe('Trainer on a toy reverse task', () => {
  beforeAll(async () => { await initBackend('wasm'); }, 60_000);
  afterAll(() => fs.rmSync(outDir, { recursive: true, force: true }));

  it('learns to reverse sequences to dev BLEU ≥ 90 within 400 steps', () => {
    let reached = false;
    const trainer = toyTrainer(toy, { onEval: (r) => { reached = r.devBleu >= 90; } });
    try {
      const untrained = devBleu(trainer);
      const state = trainer.run(() => reached);
      const last = state.history.at(-1)!;
      expect(untrained).toBeLessThan(20);
      expect(last.devBleu).toBeGreaterThanOrEqual(90);
      expect(state.step).toBeLessThanOrEqual(400);
      expect(last.devLoss).toBeLessThan(state.history[0].devLoss);
      // The same figure recomputed outside the trainer.
      expect(devBleu(trainer)).toBeCloseTo(last.devBleu, 10);
    } finally {
      trainer.dispose();
    }
  }, 120_000);
});
