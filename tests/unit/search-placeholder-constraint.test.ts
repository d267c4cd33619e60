/**
 * Placeholder integrity enforced in search, over generated placeholder sets with a scripted
 * decodeStep (the one allowed mock): whatever the model prefers — dropping a placeholder,
 * doubling one, inventing one, ending early — greedy and beam search emit every source
 * sentinel exactly once and no other sentinel (EOS waits for them, and near the step cap the
 * owed sentinels are forced), also with a shortlist's column order and with a step cap that
 * leaves no slack.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { beamSearch } from '../../src/model/search/beam-search.ts';
import { greedySearch } from '../../src/model/search/greedy.ts';
import { placeholderConstraint } from '../../src/model/placeholder-constraint.ts';
import { EOS_ID, BOS_ID, MAX_SENTINELS, SENTINEL_BASE_ID } from '../../src/model/text/special-tokens.ts';
import { ScriptedModel, hashTokens, mulberry32 } from './scripted-model.ts';

const V = SENTINEL_BASE_ID + MAX_SENTINELS + 12; // ids 0..3 specials, 4..35 sentinels, 12 words
const isSentinel = (id: number) => id >= SENTINEL_BASE_ID && id < SENTINEL_BASE_ID + MAX_SENTINELS;

/**
 * A model that misbehaves on purpose: random logits, plus a large bonus for EOS right away
 * (drop), for an already emitted sentinel (double) and for a sentinel not in the source (invent).
 */
function badModel(seed: number, src: readonly number[], bonus: number) {
  return (prefix: readonly number[]) => {
    const rand = mulberry32(hashTokens(seed, [...src, -7, ...prefix]));
    const logits = Array.from({ length: V }, () => 3 * rand());
    logits[EOS_ID] += bonus * rand();
    for (const id of prefix) if (isSentinel(id)) logits[id] += bonus * rand();
    logits[SENTINEL_BASE_ID + MAX_SENTINELS - 1 - (seed & 7)] += bonus * rand();
    const max = Math.max(...logits);
    const lse = max + Math.log(logits.reduce((s, x) => s + Math.exp(x - max), 0));
    return logits.map((x) => x - lse);
  };
}

const problem = fc.record({
  seed: fc.integer(),
  slots: fc.uniqueArray(fc.integer({ min: 0, max: 20 }), { minLength: 0, maxLength: 6 }),
  words: fc.array(fc.integer({ min: SENTINEL_BASE_ID + MAX_SENTINELS, max: V - 1 }), { minLength: 1, maxLength: 6 }),
  bonus: fc.constantFrom(0, 5, 20),
  beam: fc.integer({ min: 1, max: 5 }),
  shortlist: fc.boolean(),
  tight: fc.boolean(),
});

function check(tokens: readonly number[], required: readonly number[]): void {
  const sentinels = tokens.filter(isSentinel).sort((a, b) => a - b);
  expect(sentinels).toEqual([...required].sort((a, b) => a - b));
}

describe('placeholder constraint in search', () => {
  it('greedy and beam emit each source sentinel exactly once and invent none, finished or at the step cap', () => {
    fc.assert(
      fc.property(problem, (p) => {
        const required = p.slots.map((s) => SENTINEL_BASE_ID + s);
        const src = [...p.words, ...required];
        const columns = p.shortlist ? Array.from({ length: V }, (_, i) => V - 1 - i) : undefined;
        const model = new ScriptedModel({ logProbs: badModel(p.seed, src, p.bonus), eosId: EOS_ID, bosId: BOS_ID, shortlist: columns });
        const constraint = placeholderConstraint(src, EOS_ID);
        const maxLength = p.tight ? required.length + 1 : undefined;
        const greedy = greedySearch(model, src, { constraint, maxLength });
        check(greedy.tokens, required);
        const hyps = beamSearch(model, src, { beamSize: p.beam, nbest: p.beam, constraint, maxLength });
        for (const h of hyps) check(h.tokens, required);
        expect(model.liveStates).toBe(0);
        expect(model.liveEncoded).toBe(0);
      }),
      { numRuns: 150 },
    );
  });

  it('without the constraint the same misbehaving model does break placeholders (the test can fail)', () => {
    let broken = 0;
    fc.assert(
      fc.property(problem, (p) => {
        const required = p.slots.map((s) => SENTINEL_BASE_ID + s);
        const src = [...p.words, ...required];
        const model = new ScriptedModel({ logProbs: badModel(p.seed, src, 20), eosId: EOS_ID, bosId: BOS_ID });
        const h = greedySearch(model, src, {});
        const got = h.tokens.filter(isSentinel).sort((a, b) => a - b).join();
        if (got !== [...required].sort((a, b) => a - b).join() || !h.finished) broken++;
      }),
      { numRuns: 100 },
    );
    expect(broken).toBeGreaterThan(50);
  });
});
