/**
 * Hand-made BLEU cases. Expected numbers and lines marked "sacreBLEU" were produced by the
 * real sacreBLEU 2.6.0 on the same inputs; the others follow from the definition.
 */
import { describe, expect, it } from 'vitest';
import { bleuSegmentStats, closestRefLen, computeBleu, corpusBleu, formatBleuLine, pyFixed, sentenceBleu, sumBleuStats } from '../../src/metrics/index.ts';

const S1 = 'El gato se sentó en la alfombra roja.';

describe('corpus BLEU known values', () => {
  it('gives 100 with BP 1 for a hypothesis identical to its reference', () => {
    const s = corpusBleu([S1, 'Abrir el archivo de configuración'], [[S1, 'Abrir el archivo de configuración']]);
    expect(s.score).toBeCloseTo(100, 10);
    expect(s.bp).toBe(1);
    expect(s.ratio).toBe(1);
    expect(s.counts).toEqual(s.totals);
  });

  it('gives 0 with BP 0 for an empty hypothesis', () => {
    const s = corpusBleu([''], [[S1]]);
    expect(s.score).toBe(0);
    expect(s.bp).toBe(0);
    expect(s.sysLen).toBe(0);
    expect(s.refLen).toBe(9);
    expect(s.totals).toEqual([0, 0, 0, 0]);
  });

  it('matches sacreBLEU on two lines with two reference streams, including the text line', () => {
    const s = corpusBleu([S1, 'Hola'], [
      ['El gato está sentado en la alfombra.', 'Hola mundo'],
      ['Un gato se sentó sobre la alfombra roja.', 'Adiós'],
    ]);
    expect(s.score).toBeCloseTo(53.7284965911771, 10);
    expect(s.counts).toEqual([10, 7, 4, 1]);
    expect(s.totals).toEqual([10, 8, 7, 6]);
    expect(formatBleuLine(s)).toBe(
      'BLEU|nrefs:2|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0 = 53.7 100.0/87.5/57.1/16.7 (BP = 1.000 ratio = 1.000 hyp_len = 10 ref_len = 10)',
    );
  });

  it('lowercases hypotheses and references only when asked', () => {
    const hyp = ['EL GATO ÑANDÚ COME PESCADO'];
    const ref = [['el gato ñandú come pescado']];
    expect(corpusBleu(hyp, ref, { lowercase: true }).score).toBeCloseTo(100, 10);
    expect(corpusBleu(hyp, ref).score).toBe(0);
    expect(corpusBleu(hyp, ref, { lowercase: true }).signature).toContain('|case:lc|');
  });

  it('clips each n-gram by its largest count in any single reference', () => {
    expect(corpusBleu(['the the the the'], [['the cat'], ['the the dog']]).counts).toEqual([2, 1, 0, 0]);
  });

  it('reports nrefs:var when some segments lack a reference (null entries)', () => {
    expect(corpusBleu(['a b', 'c'], [['a b', 'c'], ['a', null]]).signature).toBe('nrefs:var|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0');
  });

  it('rejects reference streams whose length differs from the hypotheses', () => {
    expect(() => corpusBleu(['a', 'b'], [['a']])).toThrow(/reference stream 1 has 1 lines but there are 2 hypotheses/);
    expect(() => corpusBleu(['a'], [[null]])).toThrow(/segment 1 has no reference/);
  });
});

describe('closest reference length', () => {
  it.each([
    [5, [4, 6], 4],
    [5, [6, 4], 4],
    [7, [3, 11], 3],
    [5, [4, 5, 6], 5],
  ])('hyp length %i against %j gives %i (ties go to the shorter)', (hyp, refs, want) => {
    expect(closestRefLen(hyp, refs)).toBe(want);
  });

  it('feeds the corpus ref_len like sacreBLEU', () => {
    expect(corpusBleu(['a b c d e'], [['a b c d e f'], ['a b c d']]).refLen).toBe(4);
  });
});

describe('sentence BLEU with effective order, every smoothing (sacreBLEU values)', () => {
  it.each([
    ['exp', 24.840753130578644, [2, 0, 0, 0], [3, 2, 1, 0], 'smooth:exp'],
    ['floor', 10.703556054207347, [2, 0, 0, 0], [3, 2, 1, 0], 'smooth:floor[0.10]'],
    ['add-k', 41.36895450425725, [2, 1, 1, 1], [3, 3, 2, 1], 'smooth:add-k[1.00]'],
    ['none', 0.0, [2, 0, 0, 0], [3, 2, 1, 0], 'smooth:none'],
  ] as const)('%s scores %d and reports sacreBLEU counts', (smoothMethod, score, counts, totals, sig) => {
    const s = sentenceBleu('el perro come', ['el gato come pescado'], { smoothMethod });
    expect(s.score).toBeCloseTo(score, 10);
    expect(s.counts).toEqual(counts);
    expect(s.totals).toEqual(totals);
    expect(s.signature).toBe(`nrefs:1|case:mixed|eff:yes|tok:13a|${sig}|version:2.6.0`);
  });

  it('honours a custom smoothing value, tokenizer and lowercasing in score and signature', () => {
    const s = sentenceBleu('我爱北京', ['我爱上海'], { tokenize: 'zh', lowercase: true, smoothMethod: 'floor', smoothValue: 0.5 });
    expect(formatBleuLine(s)).toBe(
      'BLEU|nrefs:1|case:lc|eff:yes|tok:zh|smooth:floor[0.50]|version:2.6.0 = 38.0 50.0/33.3/25.0/50.0 (BP = 1.000 ratio = 1.000 hyp_len = 4 ref_len = 4)',
    );
    expect(s.score).toBeCloseTo(37.99178428257963, 10);
  });

  it('turns effective order off on request (short sentences then score 0)', () => {
    expect(sentenceBleu('el perro come', ['el perro come'], { effectiveOrder: false }).score).toBe(0);
    expect(sentenceBleu('el perro come', ['el perro come']).score).toBeCloseTo(100, 10);
  });
});

describe('BLEU from sufficient statistics', () => {
  const stats = { sysLen: 4, refLen: 5, correct: [3, 1, 0, 0], total: [4, 3, 2, 1] };

  it.each([
    [{ smoothMethod: 'exp' as const }, 27.534765745159184],
    [{ smoothMethod: 'floor' as const }, 14.643803168582156],
    [{ smoothMethod: 'none' as const, effectiveOrder: true }, 0.0],
  ])('computeBleu(%j) equals sacreBLEU compute_bleu', (opts, want) => {
    expect(computeBleu(stats, opts).score).toBeCloseTo(want, 10);
  });

  it('stops the effective order at the first order without n-grams', () => {
    const s = computeBleu({ sysLen: 4, refLen: 5, correct: [3, 1, 0, 0], total: [4, 3, 0, 0] }, { smoothMethod: 'none', effectiveOrder: true });
    expect(s.score).toBeCloseTo(38.94003915357024, 10);
  });

  it('does not mutate its input and sums segment statistics additively', () => {
    const input = { sysLen: 4, refLen: 4, correct: [3, 2, 1, 0], total: [4, 3, 2, 1] };
    computeBleu(input, { smoothMethod: 'add-k' });
    expect(input.correct).toEqual([3, 2, 1, 0]);
    const a = bleuSegmentStats('a b c', ['a b c d']);
    const b = bleuSegmentStats('x y', ['x z']);
    expect(sumBleuStats([a, b])).toEqual({ sysLen: 5, refLen: 6, correct: [4, 2, 1, 0], total: [5, 3, 1, 0] });
  });
});

describe('Python float formatting', () => {
  it.each([
    [12.25, 1, '12.2'],
    [12.35, 1, '12.3'],
    [0.125, 2, '0.12'],
    [0.375, 2, '0.38'],
    [2.5, 0, '2'],
    [3.5, 0, '4'],
    [100.00000000000004, 1, '100.0'],
    [0.8007374029168081, 3, '0.801'],
    [-0.25, 1, '-0.2'],
  ])('formats %d with %i decimals as %s (round half to even)', (x, digits, want) => {
    expect(pyFixed(x, digits)).toBe(want);
  });
});
