import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { beamSearch } from '../../src/model/search/beam-search.ts';
import { greedySearch } from '../../src/model/search/greedy.ts';
import { exhaustiveSearch } from './exhaustive-search.ts';
import { ScriptedModel, prefixAttention, randomLogProbs } from './scripted-model.ts';

const model = (seed: number, failOnStep?: number) =>
  new ScriptedModel({ logProbs: randomLogProbs(seed, 7), attention: prefixAttention, failOnStep });

describe('state disposal', () => {
  it('the scripted model reports states and encoder outputs that were not disposed', () => {
    const m = model(1);
    const enc = m.encode([1]);
    const state = m.initialState(enc);
    expect([m.liveStates, m.liveEncoded]).toEqual([1, 1]);
    m.disposeState(state);
    expect(() => m.disposeState(state)).toThrow(/disposed/);
    m.disposeEncoded(enc);
    expect([m.liveStates, m.liveEncoded]).toEqual([0, 0]);
  });

  it('disposes every state and the encoder output after greedy, beam and exhaustive search', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 1, max: 6 }), fc.boolean(), (seed, beamSize, attention) => {
        const runs = [
          (m: ScriptedModel) => greedySearch(m, [1, 2], { maxLength: 5, attention }),
          (m: ScriptedModel) => beamSearch(m, [1, 2], { beamSize, nbest: beamSize, maxLength: 5, attention }),
          (m: ScriptedModel) => exhaustiveSearch(m, [1, 2], { maxLen: 2 }),
        ];
        for (const run of runs) {
          const m = model(seed);
          run(m);
          expect(m.decodeCalls).toBeGreaterThan(0);
          expect([m.liveStates, m.liveEncoded]).toEqual([0, 0]);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('disposes every state and the encoder output when decodeStep throws', () => {
    for (let failOnStep = 0; failOnStep < 4; failOnStep++) {
      const runs = [
        (m: ScriptedModel) => greedySearch(m, [1], { maxLength: 8, minLength: 8 }),
        (m: ScriptedModel) => beamSearch(m, [1], { beamSize: 4, maxLength: 8, minLength: 8, attention: true }),
        (m: ScriptedModel) => exhaustiveSearch(m, [1], { maxLen: 3 }),
      ];
      for (const run of runs) {
        const m = model(failOnStep, failOnStep);
        expect(() => run(m)).toThrow(`scripted failure at step ${failOnStep}`);
        expect([m.liveStates, m.liveEncoded]).toEqual([0, 0]);
      }
    }
  });

  it('disposes the encoder output when initialState throws', () => {
    const runs = [
      (m: ScriptedModel) => greedySearch(m, [1]),
      (m: ScriptedModel) => beamSearch(m, [1], { beamSize: 2 }),
      (m: ScriptedModel) => exhaustiveSearch(m, [1], { maxLen: 2 }),
    ];
    for (const run of runs) {
      const m = new ScriptedModel({ logProbs: randomLogProbs(1, 7), failOnInitialState: true });
      expect(() => run(m)).toThrow('scripted failure in initialState');
      expect([m.liveStates, m.liveEncoded]).toEqual([0, 0]);
    }
  });
});
