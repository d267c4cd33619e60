/**
 * The fine-tuning data mix (issue 15: fine-tuning that does not forget). The new data's
 * train pairs are repeated `oversample` times and mixed with `replayRatio` times as many
 * pairs drawn, without replacement and with a fixed seed, from the base corpus's train
 * split (replay). With the defaults of training/redeploy/fine-tune-defaults.ts (oversample 4,
 * ratio 2), a third of the fine-tuning examples are the user's and two thirds are replay.
 */
import { mulberry32 } from '../../src/model/graph/rng.ts';

export interface ReplayMixOptions {
  /** Copies of every new-data pair (≥ 1). */
  oversample: number;
  /** Replay pairs per (oversampled) new-data pair (≥ 0); capped by the base corpus size. */
  replayRatio: number;
  seed: number;
}

export interface ReplayMix<P> { pairs: P[]; focus: number; replay: number }

/** New pairs × oversample, then the replay sample (base order kept, so the mix is reproducible). */
export function replayMix<P>(focus: readonly P[], base: readonly P[], o: ReplayMixOptions): ReplayMix<P> {
  const focused: P[] = [];
  for (let k = 0; k < o.oversample; k++) focused.push(...focus);
  const want = Math.min(base.length, Math.round(focused.length * o.replayRatio));
  // Partial Fisher–Yates over the indices: the first `want` are a uniform sample.
  const idx = Array.from(base.keys());
  const rnd = mulberry32(o.seed);
  for (let i = 0; i < want; i++) {
    const j = i + Math.floor(rnd() * (idx.length - i));
    [idx[i], idx[j]] = [idx[j], idx[i]];
  }
  const picked = idx.slice(0, want).sort((a, b) => a - b).map((i) => base[i]);
  return { pairs: [...focused, ...picked], focus: focused.length, replay: picked.length };
}
