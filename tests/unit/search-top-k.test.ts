import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { topKCandidates, type Candidate } from '../../src/model/search/top-k.ts';
import { mulberry32 } from './scripted-model.ts';

/** Reference: score every candidate and sort them all. */
function sortAll(base: number[], lp: Float32Array, width: number, k: number, excludeCol: number): Candidate[] {
  const all: (Candidate & { i: number })[] = [];
  base.forEach((b, row) => {
    for (let col = 0; col < width; col++) {
      const score = b + lp[row * width + col];
      if (col !== excludeCol && score > -Infinity) all.push({ row, col, score, i: row * width + col });
    }
  });
  all.sort((x, y) => y.score - x.score || x.i - y.i);
  return all.slice(0, k).map(({ row, col, score }) => ({ row, col, score }));
}

describe('topKCandidates', () => {
  it('equals a full sort, ties broken by the smaller flat index', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 0, max: 50 }),
        fc.integer({ min: -1, max: 9 }),
        fc.array(fc.constantFrom(-4, -2, -1, -0.5, 0, -Infinity), { minLength: 45, maxLength: 45 }),
        fc.array(fc.constantFrom(-1, -0.5, 0), { minLength: 5, maxLength: 5 }),
        (rows, width, k, excludeCol, values, bases) => {
          const lp = Float32Array.from(values.slice(0, rows * width));
          const base = bases.slice(0, rows);
          expect(topKCandidates(base, lp, width, k, excludeCol)).toEqual(sortAll(base, lp, width, k, excludeCol));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('picks the best 8 of 8 rows × 8000 columns like a full sort', () => {
    const rand = mulberry32(12345);
    const width = 8000;
    const base = Array.from({ length: 8 }, () => -10 * rand());
    const lp = Float32Array.from({ length: 8 * width }, () => -12 * rand());
    expect(topKCandidates(base, lp, width, 8, 3)).toEqual(sortAll(base, lp, width, 8, 3));
  });

  it('returns nothing when every candidate is impossible', () => {
    expect(topKCandidates([0], Float32Array.of(-Infinity, Number.NaN), 2, 4)).toEqual([]);
  });
});
