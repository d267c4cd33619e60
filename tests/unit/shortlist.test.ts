/**
 * The lexical shortlist: its versioned JSON format and validation, the columns of a
 * sentence, the Dice learner on hand-made id pairs, and the coverage measurement.
 */
import { describe, expect, it } from 'vitest';
import { learnShortlist, measureShortlist, REQUIRED_IDS, Shortlist, type IdPair } from '../../src/model/text/shortlist.ts';
import { EOS_ID, NUM_RESERVED, UNK_ID } from '../../src/model/text/special-tokens.ts';

const SHA = 'ab'.repeat(32);
const V = 60;
const sample = () => Shortlist.fromLists(V, SHA, [40, 41], Array.from({ length: V }, (_, s) => (s === 45 ? [50, 45, 41] : s === 46 ? [59] : [])));

describe('Shortlist format', () => {
  it('round-trips through JSON with gap-coded lists that omit the always-included ids', () => {
    const sl = sample();
    const json = sl.toJSON();
    expect(json.by_source_gaps[45]).toEqual([45, 5]); // 41 is in "always"
    expect(json.by_source_gaps[46]).toEqual([59]);
    expect(Shortlist.fromJSON(JSON.parse(JSON.stringify(json))).toJSON()).toEqual(json);
  });

  it('always includes EOS, UNK and every placeholder sentinel', () => {
    const sl = sample();
    for (const id of [EOS_ID, UNK_ID, ...REQUIRED_IDS]) expect(sl.always).toContain(id);
    expect(sl.always).toContain(40);
  });

  it('gives sorted, unique columns: always ∪ the candidates of each source id', () => {
    const sl = sample();
    const cols = Array.from(sl.columns([45, 46, 45, 7]));
    expect(cols).toEqual([...new Set([...sl.always, 45, 50, 59])].sort((a, b) => a - b));
    expect(Array.from(sl.columns([]))).toEqual(Array.from(sl.always));
  });

  it('lists every candidate id once, sorted, none of them always included', () => {
    expect(Array.from(sample().candidateIds())).toEqual([45, 50, 59]);
  });

  it('rejects a source id outside the vocabulary', () => {
    expect(() => sample().columns([V])).toThrow(RangeError);
  });

  const broken: [string, (j: Record<string, unknown>) => void, RegExp][] = [
    ['another format', (j) => { j.format = 'edge-mt-bpe'; }, /"format" must be "edge-mt-shortlist"/],
    ['a future version', (j) => { j.version = 2; }, /"version" 2 is not supported/],
    ['a tiny vocabulary', (j) => { j.vocab_size = 10; }, /"vocab_size" must be an integer above/],
    ['a bad tokenizer hash', (j) => { j.tokenizer_sha256 = 'xyz'; }, /tokenizer_sha256/],
    ['always without EOS', (j) => { j.always = (j.always as number[]).filter((id) => id !== EOS_ID); }, /lacks the reserved id 3/],
    ['unsorted always', (j) => { j.always = [...(j.always as number[])].reverse(); }, /strictly increasing/],
    ['an always id out of range', (j) => { j.always = [...(j.always as number[]), V]; }, /always\[\d+\] is not an id/],
    ['the wrong number of lists', (j) => { (j.by_source_gaps as number[][]).pop(); }, /must be an array of 60 lists/],
    ['a zero gap', (j) => { (j.by_source_gaps as number[][])[45] = [45, 0]; }, /by_source_gaps\[45\]\[1\] is not a valid gap/],
    ['a list running past the vocabulary', (j) => { (j.by_source_gaps as number[][])[45] = [45, 20]; }, /reaches id 65/],
    ['a list repeating an always id', (j) => { (j.by_source_gaps as number[][])[45] = [41]; }, /repeats id 41/],
  ];
  it.each(broken)('rejects %s', (_name, edit, message) => {
    const json = JSON.parse(JSON.stringify(sample().toJSON()));
    edit(json);
    expect(() => Shortlist.fromJSON(json)).toThrow(message);
  });

  it('rejects a value that is not an object', () => {
    expect(() => Shortlist.fromJSON([1, 2])).toThrow(/not a JSON object/);
  });
});

describe('learnShortlist', () => {
  // Source 50 ("cat") is always translated by 51 ("gato"); 40 ("the") → 41 ("el") is everywhere.
  const pairs: IdPair[] = [
    ...Array.from({ length: 6 }, () => ({ src: [40, 50], tgt: [41, 51] })),
    ...Array.from({ length: 20 }, (_, i) => ({ src: [40, 52 + (i % 3)], tgt: [41, 55 + (i % 3)] })),
  ];

  it('ranks the real translation above a frequent function word that co-occurs more often', () => {
    const sl = learnShortlist(pairs, V, SHA, { perSource: 1, frequent: 0 });
    expect(Array.from(sl.candidates(50))).toEqual([51]);
    expect(Array.from(sl.candidates(40))).toEqual([41]);
  });

  it('adds the most frequent target ids to every sentence and spends per-source slots beyond them', () => {
    const sl = learnShortlist(pairs, V, SHA, { perSource: 1, frequent: 1 });
    expect(sl.always).toContain(41);
    expect(sl.always.length).toBe(REQUIRED_IDS.length + 1);
    expect(Array.from(sl.candidates(40))).toEqual([55]); // 41 is already always there; 55/56/57 tie on Dice, count → id
    expect(Array.from(sl.columns([50]))).toContain(51);
  });

  it('keeps at most perSource candidates per source id and is deterministic', () => {
    const a = learnShortlist(pairs, V, SHA, { perSource: 2, frequent: 0 });
    const b = learnShortlist([...pairs], V, SHA, { perSource: 2, frequent: 0 });
    for (let s = NUM_RESERVED; s < V; s++) expect(a.candidates(s).length).toBeLessThanOrEqual(2);
    expect(JSON.stringify(a.toJSON())).toBe(JSON.stringify(b.toJSON()));
  });

  it('rejects ids outside the vocabulary', () => {
    expect(() => learnShortlist([{ src: [V], tgt: [41] }], V, SHA)).toThrow(RangeError);
  });
});

describe('measureShortlist', () => {
  it('counts covered reference subwords and fully covered sentences', () => {
    const sl = sample();
    const fit = measureShortlist(sl, [
      { src: [45], tgt: [45, 50, 58] }, // 58 missing
      { src: [46], tgt: [59, 40] }, // all covered
    ]);
    expect(fit.coverage).toBeCloseTo(4 / 5, 10);
    expect(fit.sentenceCoverage).toBe(0.5);
    expect(fit.minSize).toBe(sl.always.length + 1);
    expect(fit.maxSize).toBe(sl.always.length + 2);
    expect(fit.meanSize).toBe(sl.always.length + 1.5);
  });
});
