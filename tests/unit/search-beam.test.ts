import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { beamSearch } from '../../src/model/search/beam-search.ts';
import { normalizedScore } from '../../src/model/search/length-penalty.ts';
import { ScriptedModel, prefixAttention, randomLogProbs, tableLogProbs, type LogProbFn } from './scripted-model.ts';

const f32 = Math.fround;
const V = 8; // 3 = EOS, 2 = BOS; 4..7 play A, B, C, D

/** Score of a path recomputed from the scripted log-probs, summed like the search does. */
function pathScore(fn: LogProbFn, src: number[], tokens: number[], finished: boolean, eosId = 3): number {
  const steps = finished ? [...tokens, eosId] : tokens;
  return steps.reduce((s, tok, i) => s + f32(fn(steps.slice(0, i), src)[tok]), 0);
}

describe('beamSearch', () => {
  // "A EOS" has p = 0.4 · 0.75 = 0.3, "B C D EOS" has p = 0.5 · 0.9 · 0.8 · 0.75 = 0.27.
  const penaltyTable = { '': { 4: 0.4, 5: 0.5, 3: 0.01 }, '4': { 3: 0.75 }, '5': { 6: 0.9 }, '5 6': { 7: 0.8 }, '5 6 7': { 3: 0.75 } };

  it('length penalty changes the winner exactly as computed by hand', () => {
    const run = (alpha: number) =>
      beamSearch(new ScriptedModel({ logProbs: tableLogProbs(V, penaltyTable) }), [9, 9], { beamSize: 2, nbest: 2, alpha });
    // α = 0: raw log-probs, ln 0.3 = -1.20397 beats ln 0.27 = -1.30933.
    const raw = run(0);
    expect(raw.map((h) => h.tokens)).toEqual([[4], [5, 6, 7]]);
    expect(raw[0].normScore).toBeCloseTo(-1.2039728, 6);
    expect(raw[1].normScore).toBeCloseTo(-1.3093333, 6);
    // α = 0.6: ln 0.3 / (7/6)^0.6 = -1.2039728 / 1.0969026 = -1.0976114
    //     vs   ln 0.27 / (9/6)^0.6 = -1.3093333 / 1.2754245 = -1.0265863, so the longer one wins.
    const penalised = run(0.6);
    expect(penalised.map((h) => h.tokens)).toEqual([[5, 6, 7], [4]]);
    expect(penalised[0].normScore).toBeCloseTo(-1.0265863, 6);
    expect(penalised[1].normScore).toBeCloseTo(-1.0976114, 6);
    expect(penalised[0].score).toBeCloseTo(Math.log(0.27), 6);
    expect(penalised.every((h) => h.finished)).toBe(true);
  });

  it('shrinks the beam by one row for each finished hypothesis', () => {
    const model = new ScriptedModel({ logProbs: tableLogProbs(V, penaltyTable) });
    beamSearch(model, [9, 9], { beamSize: 2, nbest: 2, alpha: 0.6 });
    // step 2 finishes "A EOS", so steps 3 and 4 decode only the "B C ..." row.
    expect(model.stepRows).toEqual([1, 2, 1, 1]);
  });

  it('stops when every beam has emitted EOS', () => {
    const model = new ScriptedModel({ logProbs: tableLogProbs(V, { '': { 4: 0.5, 5: 0.4 }, '4': { 3: 0.9 }, '5': { 3: 0.9 } }) });
    const hyps = beamSearch(model, [9], { beamSize: 2, nbest: 2, alpha: 0, earlyStop: false, maxLength: 50 });
    expect(model.decodeCalls).toBe(2);
    expect(model.stepRows).toEqual([1, 2]);
    expect(hyps.map((h) => [h.tokens, h.finished])).toEqual([[[4], true], [[5], true]]);
    expect(hyps[0].score).toBe(f32(Math.log(0.5)) + f32(Math.log(0.9)));
    expect(hyps[1].score).toBe(f32(Math.log(0.4)) + f32(Math.log(0.9)));
  });

  it('does not emit EOS before minLength', () => {
    const table = { '': { 3: 0.9 }, '4': { 3: 0.9 }, '5': { 3: 0.9 } };
    const free = beamSearch(new ScriptedModel({ logProbs: tableLogProbs(V, table) }), [9], { beamSize: 3, nbest: 3 });
    expect(free[0].tokens).toEqual([]);
    const hyps = beamSearch(new ScriptedModel({ logProbs: tableLogProbs(V, table) }), [9], { beamSize: 3, nbest: 3, minLength: 2 });
    expect(hyps).toHaveLength(3);
    for (const h of hyps) expect(h.tokens.length).toBeGreaterThanOrEqual(2);
  });

  it('returns unfinished hypotheses with their scores at the length cap', () => {
    const fn = randomLogProbs(5, V);
    const noEos: LogProbFn = (prefix, src) => Array.from(fn(prefix, src), (x, id) => (id === 3 ? -30 : x));
    const hyps = beamSearch(new ScriptedModel({ logProbs: noEos }), [9], { beamSize: 3, nbest: 3, maxLength: 3, alpha: 0.6 });
    expect(hyps).toHaveLength(3);
    for (const h of hyps) {
      expect(h.finished).toBe(false);
      expect(h.tokens).toHaveLength(3);
      expect(h.score).toBe(pathScore(noEos, [9], h.tokens, false));
      expect(h.normScore).toBe(normalizedScore(h.score, 3, 0.6));
    }
  });

  it('returns an n-best list sorted by normalised score with distinct sequences and exact scores', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 2, max: 8 }), fc.double({ min: 0, max: 2, noNaN: true }), (seed, beamSize, alpha) => {
        const fn = randomLogProbs(seed, 10);
        const hyps = beamSearch(new ScriptedModel({ logProbs: fn }), [1, 2], { beamSize, nbest: beamSize, alpha, maxLength: 6 });
        expect(hyps).toHaveLength(beamSize);
        for (let i = 1; i < hyps.length; i++) expect(hyps[i - 1].normScore).toBeGreaterThanOrEqual(hyps[i].normScore);
        expect(new Set(hyps.map((h) => h.tokens.join(' '))).size).toBe(hyps.length);
        for (const h of hyps) {
          expect(h.tokens).not.toContain(3);
          expect(h.score).toBe(pathScore(fn, [1, 2], h.tokens, h.finished));
          expect(h.normScore).toBe(normalizedScore(h.score, h.tokens.length + (h.finished ? 1 : 0), alpha));
        }
      }),
      { numRuns: 100 },
    );
  });

  it('attention rows follow the backpointers of each hypothesis', () => {
    const src = [1, 2, 3, 4, 5];
    const row = (prefix: number[]): number[] => Array.from(Float32Array.from(prefixAttention(prefix, src.length)));
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const model = new ScriptedModel({ logProbs: randomLogProbs(seed, 6), attention: prefixAttention });
        const hyps = beamSearch(model, src, { beamSize: 4, nbest: 4, maxLength: 6, attention: true });
        for (const h of hyps) expect(h.attention).toEqual(h.tokens.map((_, i) => row(h.tokens.slice(0, i))));
      }),
      { numRuns: 100 },
    );
  });

  it('makes one decodeStep call per time step for all live rows', () => {
    const model = new ScriptedModel({ logProbs: randomLogProbs(11, 50) });
    const hyps = beamSearch(model, [7], { beamSize: 4, nbest: 4, maxLength: 5, earlyStop: false });
    const longest = Math.max(...hyps.map((h) => h.tokens.length + (h.finished ? 1 : 0)));
    expect(model.decodeCalls).toBeGreaterThanOrEqual(longest);
    expect(model.decodeCalls).toBeLessThanOrEqual(5);
    expect(model.stepRows[0]).toBe(1);
    expect(model.stepRows.slice(1).every((rows) => rows >= 1 && rows <= 4)).toBe(true);
  });

  it('maps shortlist columns to vocabulary ids', () => {
    const fn = randomLogProbs(3, V);
    const plain = beamSearch(new ScriptedModel({ logProbs: fn }), [9], { beamSize: 3, nbest: 3, maxLength: 4 });
    const permuted = new ScriptedModel({ logProbs: fn, shortlist: [7, 3, 0, 5, 1, 6, 2, 4] });
    expect(beamSearch(permuted, [9], { beamSize: 3, nbest: 3, maxLength: 4 })).toEqual(plain);
    const narrow = new ScriptedModel({ logProbs: fn, shortlist: [6, 3, 4] });
    const hyps = beamSearch(narrow, [9], { beamSize: 3, nbest: 3, maxLength: 4 });
    for (const h of hyps) for (const t of h.tokens) expect([4, 6]).toContain(t);
  });

  it('stops early once no live hypothesis can beat the best finished one', () => {
    const table = { '': { 3: 0.9 } }; // EOS first (ln 0.9); every other path is below ln(0.1/7)
    const early = new ScriptedModel({ logProbs: tableLogProbs(V, table) });
    const full = new ScriptedModel({ logProbs: tableLogProbs(V, table) });
    const a = beamSearch(early, [9], { beamSize: 2, alpha: 0, maxLength: 6 });
    const b = beamSearch(full, [9], { beamSize: 2, alpha: 0, maxLength: 6, earlyStop: false });
    expect(early.decodeCalls).toBe(1);
    expect(full.decodeCalls).toBe(6);
    expect(a).toEqual(b);
    expect(a[0]).toMatchObject({ tokens: [], finished: true, score: f32(Math.log(0.9)) });
  });

  it('keeps searching while a live hypothesis can still win through the length penalty', () => {
    // α = 2. Step 1 finishes "EOS" with ln 0.55 = -0.598 (lp(1) = 1) and keeps "A" with ln 0.44 = -0.821.
    // A bound of -0.821 / lp(2) = -0.603 would stop here, but "A A A EOS" reaches
    // (ln 0.44 + 3 ln 0.999) / lp(4) = -0.824 / 2.25 = -0.366, so the search must go on to find it.
    const table = { '': { 3: 0.55, 4: 0.44 }, '4': { 4: 0.999 }, '4 4': { 4: 0.999 }, '4 4 4': { 3: 0.999 } };
    const hyps = beamSearch(new ScriptedModel({ logProbs: tableLogProbs(V, table) }), [9], { beamSize: 2, alpha: 2, maxLength: 6 });
    expect(hyps[0].tokens).toEqual([4, 4, 4]);
    expect(hyps[0].normScore).toBeCloseTo((Math.log(0.44) + 3 * Math.log(0.999)) / 2.25, 6);
  });

  it('rejects nbest larger than the beam and non-positive beams', () => {
    const model = new ScriptedModel({ logProbs: randomLogProbs(1, V) });
    expect(() => beamSearch(model, [9], { beamSize: 2, nbest: 3 })).toThrow(RangeError);
    expect(() => beamSearch(model, [9], { beamSize: 0 })).toThrow(/beamSize/);
    expect(model.liveEncoded).toBe(0);
  });
});
