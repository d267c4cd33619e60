import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { beamSearch } from '../../src/model/search/beam-search.ts';
import { greedySearch } from '../../src/model/search/greedy.ts';
import { exhaustiveSearch } from './exhaustive-search.ts';
import { ScriptedModel, randomLogProbs } from './scripted-model.ts';

/** A random search problem: a scripted model (seed, vocabulary, logit spread) and length/penalty settings. */
const problem = (vocab: { min: number; max: number }, maxLength: { min: number; max: number }) =>
  fc.record({
    seed: fc.integer(),
    vocab: fc.integer(vocab),
    // spread 8 makes near-certain tokens (log-probs close to 0), which stresses the early-stop bound
    spread: fc.constantFrom(1, 3, 8),
    maxLength: fc.integer(maxLength),
    minLength: fc.integer({ min: 0, max: 3 }),
    alpha: fc.oneof(fc.constantFrom(0, 0.6, 1, 2), fc.double({ min: 0, max: 2, noNaN: true })),
  });

/** The problem's model over ids 0..V-1 with EOS = 0 and BOS outside the vocabulary. */
const modelOf = (p: { seed: number; vocab: number; spread: number }) =>
  new ScriptedModel({ logProbs: randomLogProbs(p.seed, p.vocab, p.spread), eosId: 0, bosId: p.vocab });

describe('search properties', () => {
  it('beam search with beam 1 equals greedy search', () => {
    const src = fc.array(fc.nat(20), { minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(problem({ min: 2, max: 12 }, { min: 1, max: 8 }), src, (p, srcIds) => {
        const opts = { maxLength: p.maxLength, minLength: p.minLength, alpha: p.alpha };
        const greedy = greedySearch(modelOf(p), srcIds, opts);
        expect(beamSearch(modelOf(p), srcIds, { ...opts, beamSize: 1 })).toEqual([greedy]);
      }),
      { numRuns: 300 },
    );
  });

  it('a beam wide enough to keep every prefix equals exhaustive search', () => {
    fc.assert(
      fc.property(problem({ min: 2, max: 4 }, { min: 1, max: 4 }), fc.integer({ min: 1, max: 3 }), (p, nbest) => {
        const { maxLength: maxLen, minLength, alpha } = p;
        const beamSize = Math.max(nbest, p.vocab ** maxLen);
        const exact = exhaustiveSearch(modelOf(p), [1, 2], { maxLen, alpha, minLength, nbest });
        expect(beamSearch(modelOf(p), [1, 2], { beamSize, nbest, alpha, minLength, maxLength: maxLen })).toEqual(exact);
      }),
      { numRuns: 300 },
    );
  });

  it('early stopping does not change the n-best list', () => {
    let stepsSaved = 0;
    const beam = fc.integer({ min: 1, max: 6 }).chain((beamSize) => fc.tuple(fc.constant(beamSize), fc.integer({ min: 1, max: beamSize })));
    fc.assert(
      fc.property(problem({ min: 3, max: 10 }, { min: 1, max: 8 }), beam, (p, [beamSize, nbest]) => {
        const opts = { beamSize, nbest, maxLength: p.maxLength, minLength: p.minLength, alpha: p.alpha };
        const early = modelOf(p);
        const full = modelOf(p);
        expect(beamSearch(early, [3], opts)).toEqual(beamSearch(full, [3], { ...opts, earlyStop: false }));
        stepsSaved += full.decodeCalls - early.decodeCalls;
      }),
      { numRuns: 300 },
    );
    expect(stepsSaved).toBeGreaterThan(0); // early stopping did trigger in some runs
  });
});
