/**
 * The hyper-parameter search space of `npm run sweep` and how trials are drawn from it:
 * every combination (grid) or a seeded random sample of distinct combinations.
 */
import { mulberry32, shuffled } from '../../src/model/graph/rng.ts';

/** One point of the space. `hidden` is the encoder size per direction; the decoder gets 2·hidden. */
export interface SweepPoint { lr: number; maxTokens: number; hidden: number; dropout: number }

export type SweepSpace = { [K in keyof SweepPoint]: number[] };

export const DEFAULT_SPACE: SweepSpace = {
  lr: [0.001, 0.002, 0.004],
  maxTokens: [1000, 2500],
  hidden: [128, 256],
  dropout: [0.1, 0.2, 0.3],
};

/** All combinations in a fixed order (lr slowest, dropout fastest). */
export function gridPoints(space: SweepSpace): SweepPoint[] {
  const out: SweepPoint[] = [];
  for (const lr of space.lr) for (const maxTokens of space.maxTokens) for (const hidden of space.hidden) for (const dropout of space.dropout) out.push({ lr, maxTokens, hidden, dropout });
  return out;
}

/** `n` distinct points drawn at random with `seed` (all of them, shuffled, if n ≥ the grid size). */
export const randomPoints = (space: SweepSpace, n: number, seed: number): SweepPoint[] =>
  shuffled(gridPoints(space), mulberry32(seed)).slice(0, n);
