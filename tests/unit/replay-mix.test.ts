/**
 * The fine-tuning data mix (training/lib/replay-mix.ts) and the --data merge with the
 * committed corpus (training/redeploy/merge-corpus.ts).
 */
import { describe, expect, it } from 'vitest';
import { replayMix } from '../../training/lib/replay-mix.ts';
import { mergeSplits } from '../../training/redeploy/merge-corpus.ts';
import { splitOf } from '../../training/corpus/split.ts';
import type { Pair } from '../../training/corpus/pair.ts';

describe('replayMix', () => {
  const base = Array.from({ length: 1000 }, (_, i) => `b${i}`);
  it('repeats the new pairs, adds ratio × as many distinct replay pairs, and is reproducible', () => {
    const m = replayMix(['u1', 'u2', 'u3'], base, { oversample: 4, replayRatio: 2, seed: 1 });
    expect(m.focus).toBe(12);
    expect(m.replay).toBe(24);
    expect(m.pairs.filter((p) => p === 'u2')).toHaveLength(4);
    const replayed = m.pairs.slice(12);
    expect(new Set(replayed).size).toBe(24);
    expect(replayed.every((p) => base.includes(p))).toBe(true);
    expect(replayMix(['u1', 'u2', 'u3'], base, { oversample: 4, replayRatio: 2, seed: 1 }).pairs).toEqual(m.pairs);
    expect(replayMix(['u1', 'u2', 'u3'], base, { oversample: 4, replayRatio: 2, seed: 2 }).pairs).not.toEqual(m.pairs);
  });
  it('caps the replay at the base corpus size', () => {
    expect(replayMix(['u'], ['a', 'b'], { oversample: 3, replayRatio: 5, seed: 1 }).replay).toBe(2);
  });
});

describe('mergeSplits', () => {
  const p = (en: string, es: string, pkg = 'base'): Pair => ({ en, es, pkg });
  const words = Array.from({ length: 400 }, (_, i) => `Open file number ${i}`);
  const base = { train: [] as Pair[], dev: [] as Pair[], test: [] as Pair[] };
  for (const w of words.slice(0, 200)) base[splitOf(w)].push(p(w, `Abrir ${w}`));
  const user = words.slice(150).map((w) => ({ en: w, es: `Abre ${w}` }));
  const { merged, newData } = mergeSplits(base, [{ pkg: 'user.tsv', pairs: user, accelerators: '' }]);

  it('splits the new data with the corpus rule and keeps the committed test split as it is', () => {
    for (const s of ['train', 'dev', 'test'] as const) for (const q of newData[s]) expect(splitOf(q.en)).toBe(s);
    expect(newData.train.length + newData.dev.length + newData.test.length).toBe(250);
    expect(merged.test).toEqual(base.test);
  });
  it('trains on both train splits and puts the new dev pairs first', () => {
    expect(merged.train.length).toBe(base.train.length + newData.train.length);
    expect(merged.dev.slice(0, newData.dev.length)).toEqual(newData.dev);
    expect(new Set(merged.dev.map((q) => q.en)).size).toBe(merged.dev.length);
  });
});
