/**
 * The scores `npm run eval` prints for one decoding mode: BLEU with sacreBLEU's
 * diagnostics (counts, totals, precisions, bp, ratio, sys_len, ref_len, signature),
 * chrF and chrF++ with their signatures, and the speed.
 */
import { corpusBleu, corpusChrf } from '../../src/metrics/index.ts';

export interface BleuJson { name: 'BLEU'; score: number; counts: number[]; totals: number[]; precisions: number[]; bp: number; ratio: number; sys_len: number; ref_len: number; signature: string }
export interface ChrfJson { name: string; score: number; signature: string }
export interface ModeScores { bleu: BleuJson; chrf: ChrfJson; chrf_pp: ChrfJson; seconds: number; sentences_per_second: number }

const r4 = (x: number) => Math.round(x * 1e4) / 1e4;

export function modeScores(hyps: readonly string[], refs: readonly string[], seconds: number): ModeScores {
  const b = corpusBleu(hyps, [refs as string[]]);
  const chrf = corpusChrf(hyps, [refs as string[]]);
  const chrfPP = corpusChrf(hyps, [refs as string[]], { wordOrder: 2 });
  return {
    bleu: { name: 'BLEU', score: r4(b.score), counts: b.counts, totals: b.totals, precisions: b.precisions.map(r4), bp: r4(b.bp), ratio: r4(b.ratio), sys_len: b.sysLen, ref_len: b.refLen, signature: b.signature },
    chrf: { name: chrf.name, score: r4(chrf.score), signature: chrf.signature },
    chrf_pp: { name: chrfPP.name, score: r4(chrfPP.score), signature: chrfPP.signature },
    seconds: r4(seconds),
    sentences_per_second: r4(hyps.length / Math.max(seconds, 1e-9)),
  };
}
