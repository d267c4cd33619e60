/**
 * Hand-made chrF / chrF++ cases. Numbers and lines marked "sacreBLEU" come from the real
 * sacreBLEU 2.6.0 on the same inputs; the others follow from the definition.
 */
import { describe, expect, it } from 'vitest';
import { chrfWords, computeChrf, corpusChrf, formatChrfLine, sentenceChrf } from '../../src/metrics/index.ts';

const HYP = 'the cat sat';
const REF = 'the cat sat on the mat';

describe('chrF known values', () => {
  it('gives 100 for identical strings and ignores whitespace differences', () => {
    expect(sentenceChrf('Guardar el archivo', ['Guardar el archivo']).score).toBeCloseTo(100, 10);
    expect(sentenceChrf('Guardar  el\tarchivo', ['Guardarel archivo']).score).toBeCloseTo(100, 10);
  });

  it('gives 0 for an empty hypothesis or an empty reference', () => {
    expect(sentenceChrf('', ['abc']).score).toBe(0);
    expect(sentenceChrf('abc', ['']).score).toBe(0);
  });

  it.each([
    ['chrF', {}, 49.59348409966008],
    ['chrF++', { wordOrder: 2 }, 49.83595347043889],
    ['chrF with whitespace', { whitespace: true }, 48.68678867199922],
    ['chrF with eps smoothing', { epsSmoothing: true }, 49.49070072096705],
  ])('%s of a truncated sentence equals sacreBLEU', (_name, opts, want) => {
    expect(sentenceChrf(HYP, [REF], opts).score).toBeCloseTo(want, 10);
  });

  it('keeps the statistics of the best of several references', () => {
    expect(sentenceChrf(HYP, ['a dog', REF]).score).toBeCloseTo(49.59348409966008, 10);
    expect(sentenceChrf(HYP, [REF, 'a dog']).score).toBeCloseTo(49.59348409966008, 10);
  });

  it('lowercases only when asked', () => {
    expect(sentenceChrf('THE Cat', ['the cat'], { lowercase: true }).score).toBeCloseTo(100, 10);
    expect(sentenceChrf('THE Cat', ['the cat']).score).toBeLessThan(100);
  });

  it('prints the chrF++ corpus line and signature like sacreBLEU', () => {
    const s = corpusChrf(['(hi) there.', 'x'], [['(hi) there', 'x y']], { wordOrder: 2 });
    expect(s.score).toBeCloseTo(89.10260040038882, 10);
    expect(formatChrfLine(s)).toBe('chrF2++|nrefs:1|case:mixed|eff:yes|nc:6|nw:2|space:no|version:2.6.0 = 89.1');
  });

  it('signs chrF options like sacreBLEU', () => {
    expect(corpusChrf(['a'], [['a'], ['b']]).signature).toBe('nrefs:2|case:mixed|eff:yes|nc:6|nw:0|space:no|version:2.6.0');
    expect(corpusChrf(['a'], [['a']], { lowercase: true, whitespace: true, epsSmoothing: true, charOrder: 4 }).signature).toBe(
      'nrefs:1|case:lc|eff:no|nc:4|nw:0|space:yes|version:2.6.0',
    );
  });
});

describe('chrF++ word split', () => {
  it('splits one trailing, else one leading, ASCII punctuation mark off each word (sacreBLEU)', () => {
    expect(chrfWords('(hi) there. x ... ¿qué? "a"')).toEqual(['(hi', ')', 'there', '.', 'x', '..', '.', '¿qué', '?', '"a', '"']);
  });
});

describe('chrF from statistics', () => {
  it('averages precision and recall over orders that exist on both sides', () => {
    // order 1: P = 1/2, R = 1/4; order 2 has no reference n-grams and is skipped.
    const f = computeChrf([2, 4, 1, 1, 0, 0], { charOrder: 2 });
    const p = 0.5;
    const r = 0.25;
    expect(f).toBeCloseTo((100 * (5 * p * r)) / (4 * p + r), 12);
  });

  it('returns 0 when no order has both hypothesis and reference n-grams', () => {
    expect(computeChrf([0, 3, 0, 0, 2, 0], { charOrder: 2 })).toBe(0);
  });
});
