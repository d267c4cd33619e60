/**
 * POST /bleu inside workerd reproduces sacreBLEU 2.6.0 on the shared fixture
 * cases (corpus BLEU, chrF, chrF++), one HTTP request per case.
 */
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import fixture from '../fixtures/sacrebleu-cases.json';
import { BASE, plainEnv, postJson } from './helpers.ts';

interface Case {
  id: string;
  hyps: string[];
  refs: string[][];
  tokenize: '13a' | 'intl' | 'char' | 'zh' | 'none';
  lowercase: boolean;
  corpus_bleu: { score: number; counts: number[]; totals: number[]; bp: number; sys_len: number; ref_len: number };
  signature: string;
  chrf: number;
  chrf_pp: number;
}

const cases = (fixture as unknown as { cases: Case[] }).cases;
const app = createApp();

interface BleuResponse {
  segments: number;
  referenceSets: number;
  bleu: { score: number; counts: number[]; totals: number[]; bp: number; sysLen: number; refLen: number; signature: string };
  chrf: { score: number };
  chrfPlusPlus: { score: number };
  lines: string[];
}

describe('POST /bleu', () => {
  it('applies lowercase to chrF too', async () => {
    const post = (lowercase: boolean) =>
      app.request(`${BASE}/bleu`, postJson({ hypotheses: ['Hola Mundo'], references: ['hola mundo'], lowercase }), plainEnv());
    const cased = ((await (await post(false)).json()) as BleuResponse).chrf.score;
    const lower = ((await (await post(true)).json()) as BleuResponse).chrf.score;
    expect(lower).toBeCloseTo(100, 6);
    expect(cased).toBeLessThan(100);
  });

  it(`matches sacreBLEU on all ${cases.length} fixture cases`, async () => {
    expect(cases.length).toBeGreaterThan(10);
    for (const c of cases) {
      const res = await app.request(
        `${BASE}/bleu`,
        postJson({ hypotheses: c.hyps, references: c.refs.length === 1 ? c.refs[0] : c.refs, tokenize: c.tokenize, lowercase: c.lowercase }),
        plainEnv(),
      );
      expect(res.status, c.id).toBe(200);
      const body = (await res.json()) as BleuResponse;
      expect(body.segments).toBe(c.hyps.length);
      expect(body.referenceSets).toBe(c.refs.length);
      expect(Math.abs(body.bleu.score - c.corpus_bleu.score), c.id).toBeLessThan(1e-6);
      expect(body.bleu.counts, c.id).toEqual(c.corpus_bleu.counts);
      expect(body.bleu.totals, c.id).toEqual(c.corpus_bleu.totals);
      expect(body.bleu.sysLen).toBe(c.corpus_bleu.sys_len);
      expect(body.bleu.refLen).toBe(c.corpus_bleu.ref_len);
      expect(body.bleu.signature, c.id).toBe(c.signature);
      // The fixture's chrF is CHRF() (case-sensitive); /bleu applies `lowercase` to chrF as well.
      if (!c.lowercase) {
        expect(Math.abs(body.chrf.score - c.chrf), c.id).toBeLessThan(1e-6);
        expect(Math.abs(body.chrfPlusPlus.score - c.chrf_pp), c.id).toBeLessThan(1e-6);
      }
      expect(body.lines).toHaveLength(3);
    }
  });

  it('applies the smoothing option', async () => {
    // One unigram match, no bigram match: only smoothing keeps BLEU above zero.
    const body = { hypotheses: ['the cat sat down'], references: ['the dog ran off'] };
    const scores: Record<string, number> = {};
    for (const smooth of ['exp', 'floor', 'add-k', 'none']) {
      const res = await app.request(`${BASE}/bleu`, postJson({ ...body, smooth }), plainEnv());
      scores[smooth] = ((await res.json()) as BleuResponse).bleu.score;
    }
    expect(scores.none).toBe(0);
    expect(scores.exp).toBeGreaterThan(0);
    expect(scores.floor).toBeGreaterThan(0);
    expect(scores['add-k']).toBeGreaterThan(0);
  });
});
