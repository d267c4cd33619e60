import { describe, expect, it } from 'vitest';
import { greedySearch } from '../../src/model/search/greedy.ts';
import { lengthPenalty } from '../../src/model/search/length-penalty.ts';
import { ScriptedModel, prefixAttention, tableLogProbs } from './scripted-model.ts';

const f32 = Math.fround;
const V = 8; // 3 = EOS, 2 = BOS

describe('greedySearch', () => {
  it('takes the most probable token at each step and stops at EOS', () => {
    const model = new ScriptedModel({ logProbs: tableLogProbs(V, { '': { 5: 0.6 }, '5': { 6: 0.7 }, '5 6': { 3: 0.8 } }) });
    const hyp = greedySearch(model, [9, 9], { alpha: 1 });
    expect(hyp.tokens).toEqual([5, 6]);
    expect(hyp.finished).toBe(true);
    expect(hyp.score).toBe(f32(Math.log(0.6)) + f32(Math.log(0.7)) + f32(Math.log(0.8)));
    expect(hyp.normScore).toBeCloseTo(Math.log(0.336) / (8 / 6), 6); // 3 scored steps, α = 1
    expect(model.decodeCalls).toBe(3);
  });

  it('does not emit EOS before minLength', () => {
    const table = { '': { 3: 0.9, 5: 0.05 }, '5': { 3: 0.9, 6: 0.05 }, '5 6': { 3: 0.9 } };
    expect(greedySearch(new ScriptedModel({ logProbs: tableLogProbs(V, table) }), [9]).tokens).toEqual([]);
    const hyp = greedySearch(new ScriptedModel({ logProbs: tableLogProbs(V, table) }), [9], { minLength: 2 });
    expect(hyp.tokens).toEqual([5, 6]);
    expect(hyp.finished).toBe(true);
  });

  it('returns an unfinished hypothesis at the length cap', () => {
    const model = new ScriptedModel({ logProbs: tableLogProbs(V, { '': { 4: 0.9 }, '4': { 4: 0.9 }, '4 4': { 4: 0.9 } }) });
    const hyp = greedySearch(model, [9], { maxLength: 2, alpha: 0.6 });
    expect(hyp).toEqual({
      tokens: [4, 4],
      score: 2 * f32(Math.log(0.9)),
      normScore: (2 * f32(Math.log(0.9))) / lengthPenalty(2, 0.6),
      finished: false,
    });
    expect(model.decodeCalls).toBe(2);
  });

  it('returns one attention row per output token', () => {
    const table = { '': { 5: 0.6 }, '5': { 6: 0.7 }, '5 6': { 3: 0.8 } };
    const model = new ScriptedModel({ logProbs: tableLogProbs(V, table), attention: prefixAttention });
    const hyp = greedySearch(model, [9, 9, 9], { attention: true });
    const row = (prefix: number[]): number[] => Array.from(Float32Array.from(prefixAttention(prefix, 3)));
    expect(hyp.attention).toEqual([row([]), row([5])]);
  });
});
