/**
 * Every value of every case of tests/fixtures/sacrebleu-cases.json (computed with the real
 * sacreBLEU 2.6.0) must be reproduced to 1e-6 absolute: corpus BLEU and its diagnostics,
 * the signature, sentence BLEU with effective order under all four smoothings, corpus
 * chrF and chrF++, and sentence chrF.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { corpusBleu, corpusChrf, sentenceBleu, sentenceChrf, type SmoothMethod, type TokenizerName } from '../../src/metrics/index.ts';

interface Case {
  id: string;
  hyps: string[];
  refs: string[][];
  tokenize: TokenizerName;
  lowercase: boolean;
  corpus_bleu: { score: number; counts: number[]; totals: number[]; precisions: number[]; bp: number; sys_len: number; ref_len: number };
  signature: string;
  sentence_bleu_effective_order: Record<SmoothMethod, number[]>;
  chrf: number;
  chrf_pp: number;
  sentence_chrf: number[];
}

const fixture = JSON.parse(readFileSync(new URL('../fixtures/sacrebleu-cases.json', import.meta.url), 'utf8')) as {
  sacrebleu_version: string;
  cases: Case[];
};
const cases = fixture.cases;
const TOL = 1e-6;
const SMOOTHINGS: SmoothMethod[] = ['exp', 'floor', 'add-k', 'none'];

/** Element-wise |actual - expected| <= TOL, with a message naming the failing element. */
function expectClose(actual: readonly number[], expected: readonly number[], what: string): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  expected.forEach((e, i) => {
    expect(Math.abs(actual[i] - e), `${what}[${i}]: got ${actual[i]}, sacreBLEU ${e}`).toBeLessThanOrEqual(TOL);
  });
}

/** References of line i, one per stream (what sacreBLEU's sentence_score receives). */
const lineRefs = (c: Case, i: number): string[] => c.refs.map((stream) => stream[i]);

describe('sacreBLEU fixture', () => {
  it('was made with sacreBLEU 2.6.0 and holds the 60 cases', () => {
    expect(fixture.sacrebleu_version).toBe('2.6.0');
    expect(cases).toHaveLength(60);
  });
});

describe('corpus BLEU matches sacreBLEU', () => {
  it.each(cases.map((c) => [c.id, c] as const))('%s: score, counts, totals, precisions, bp, lengths', (_id, c) => {
    const got = corpusBleu(c.hyps, c.refs, { tokenize: c.tokenize, lowercase: c.lowercase });
    const want = c.corpus_bleu;
    expectClose([got.score], [want.score], 'score');
    expectClose(got.counts, want.counts, 'counts');
    expectClose(got.totals, want.totals, 'totals');
    expectClose(got.precisions, want.precisions, 'precisions');
    expectClose([got.bp], [want.bp], 'bp');
    expect(got.sysLen).toBe(want.sys_len);
    expect(got.refLen).toBe(want.ref_len);
  });
});

describe('BLEU signature matches sacreBLEU', () => {
  it.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    expect(corpusBleu(c.hyps, c.refs, { tokenize: c.tokenize, lowercase: c.lowercase }).signature).toBe(c.signature);
  });
});

describe('sentence BLEU with effective order matches sacreBLEU for every smoothing', () => {
  it.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    for (const smoothMethod of SMOOTHINGS) {
      const got = c.hyps.map((h, i) => sentenceBleu(h, lineRefs(c, i), { tokenize: c.tokenize, lowercase: c.lowercase, smoothMethod, effectiveOrder: true }).score);
      expectClose(got, c.sentence_bleu_effective_order[smoothMethod], `sentence BLEU (${smoothMethod})`);
    }
  });
});

describe('corpus chrF matches sacreBLEU', () => {
  it.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    expectClose([corpusChrf(c.hyps, c.refs).score], [c.chrf], 'chrF');
  });
});

describe('corpus chrF++ matches sacreBLEU', () => {
  it.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    expectClose([corpusChrf(c.hyps, c.refs, { wordOrder: 2 }).score], [c.chrf_pp], 'chrF++');
  });
});

describe('sentence chrF matches sacreBLEU', () => {
  it.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    expectClose(c.hyps.map((h, i) => sentenceChrf(h, lineRefs(c, i)).score), c.sentence_chrf, 'sentence chrF');
  });
});
