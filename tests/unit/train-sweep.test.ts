/**
 * The hyper-parameter sweep: the search space is enumerated and sampled as documented, and
 * a two-trial sweep of the tiny fixture config writes a markdown table and JSON with one
 * finite dev loss / dev BLEU per trial, sorted by dev loss.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_SPACE, gridPoints, randomPoints, type SweepSpace } from '../../training/lib/sweep-space.ts';
import type { SweepResult } from '../../training/lib/sweep-report.ts';
import { runSweep } from '../../training/sweep.ts';
import { tempDir } from './train-toy.ts';

const out = tempDir('train-sweep');

describe('sweep space', () => {
  it('the grid holds every combination once', () => {
    const g = gridPoints(DEFAULT_SPACE);
    expect(g).toHaveLength(DEFAULT_SPACE.lr.length * DEFAULT_SPACE.maxTokens.length * DEFAULT_SPACE.hidden.length * DEFAULT_SPACE.dropout.length);
    expect(new Set(g.map((p) => JSON.stringify(p))).size).toBe(g.length);
    expect(g[0]).toEqual({ lr: DEFAULT_SPACE.lr[0], maxTokens: DEFAULT_SPACE.maxTokens[0], hidden: DEFAULT_SPACE.hidden[0], dropout: DEFAULT_SPACE.dropout[0] });
  });

  it('a random sample has distinct grid points, the same for the same seed, different for another', () => {
    const a = randomPoints(DEFAULT_SPACE, 6, 1), b = randomPoints(DEFAULT_SPACE, 6, 1), c = randomPoints(DEFAULT_SPACE, 6, 2);
    const grid = new Set(gridPoints(DEFAULT_SPACE).map((p) => JSON.stringify(p)));
    expect(a).toEqual(b);
    expect(c).not.toEqual(a);
    expect(new Set(a.map((p) => JSON.stringify(p))).size).toBe(6);
    for (const p of a) expect(grid.has(JSON.stringify(p))).toBe(true);
    expect(randomPoints(DEFAULT_SPACE, 1000, 1)).toHaveLength(grid.size);
  });
});

describe('runSweep on the tiny fixture config', () => {
  afterAll(() => fs.rmSync(out, { recursive: true, force: true }));
  const space: SweepSpace = { lr: [0.003, 0.01], maxTokens: [200, 400], hidden: [16], dropout: [0, 0.1] };

  it('writes sweep.md and sweep.json with one row per trial, sorted by dev loss', async () => {
    const lines: string[] = [];
    const r = await runSweep({ config: 'tests/fixtures/train/tiny.json', budgetSteps: 4, trials: 2, grid: false, trainLimit: 120, devLimit: 5, seed: 3, out, space, progress: (l) => lines.push(l) });
    expect(r.trials).toHaveLength(2);
    expect(r.trainPairs).toBe(120);
    expect(r.devPairs).toBe(5);
    expect(r.warmupSteps).toBe(1);
    for (const t of r.trials) {
      expect(t.error).toBeUndefined();
      expect(t.steps).toBe(4);
      expect(t.hidden).toBe(16);
      expect(Number.isFinite(t.devLoss) && t.devLoss > 0).toBe(true);
      expect(t.devBleu).toBeGreaterThanOrEqual(0);
      expect(Number.isFinite(t.trainLoss)).toBe(true);
    }
    expect(r.trials.map((t) => ({ lr: t.lr, maxTokens: t.maxTokens, hidden: t.hidden, dropout: t.dropout }))).toEqual(randomPoints(space, 2, 3));
    expect(lines).toHaveLength(2);

    const json = JSON.parse(fs.readFileSync(path.join(out, 'sweep.json'), 'utf8')) as SweepResult;
    expect(json).toEqual(JSON.parse(JSON.stringify(r)));
    const md = fs.readFileSync(path.join(out, 'sweep.md'), 'utf8');
    const rows = md.split('\n').filter((l) => /^\| (\*\*best\*\*)? \| \d/.test(l));
    expect(rows).toHaveLength(2);
    const devLoss = (row: string) => Number(row.split('|')[10]);
    expect(devLoss(rows[0])).toBeLessThanOrEqual(devLoss(rows[1]));
    expect(rows[0]).toContain('**best**');
    expect(devLoss(rows[0])).toBeCloseTo(Math.min(...r.trials.map((t) => t.devLoss)), 3);
    expect(fs.readdirSync(out).sort()).toEqual(['sweep.json', 'sweep.md']);
  }, 120_000);
});
