/**
 * sacreBLEU 2.6.0-exact BLEU and chrF(++) in dependency-free TypeScript (Worker and Node).
 * Corpus functions take reference streams like sacreBLEU: `refs[k][i]` is the k-th
 * reference of hypothesis i.
 */
import type { BleuScore } from './bleu.ts';
import type { ChrfScore } from './chrf.ts';
import { pyFixed } from './python-compat.ts';

export { corpusBleu, sentenceBleu, bleuSegmentStats, bleuFromStats, bleuSignature, closestRefLen, type BleuOptions, type BleuScore } from './bleu.ts';
export { computeBleu, sumBleuStats, SMOOTH_DEFAULTS, MAX_NGRAM_ORDER, isSmoothMethod, type BleuStats, type BleuCore, type SmoothMethod } from './bleu.ts';
export { corpusChrf, sentenceChrf, chrfSegmentStats, chrfFromStats, chrfSignature, chrfWords, type ChrfOptions, type ChrfScore } from './chrf.ts';
export { computeChrf, sumChrfStats, CHRF_BETA, CHRF_CHAR_ORDER, CHRF_WORD_ORDER } from './chrf.ts';
export { TOKENIZERS, DEFAULT_TOKENIZER, getTokenizer, isTokenizerName, type Tokenizer, type TokenizerName } from './tokenizers.ts';
export { SACREBLEU_VERSION, type NumRefs } from './helpers.ts';
export type { ReferenceStreams } from './helpers.ts';
export { pyFixed } from './python-compat.ts';

/**
 * sacreBLEU's text output lines (`Score.format`), e.g.
 *   BLEU|nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0 = 34.2 70.1/45.0/30.2/20.1 (BP = 1.000 ratio = 1.000 hyp_len = 10 ref_len = 10)
 *   chrF2|nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:2.6.0 = 54.3
 * Numbers use Python's half-to-even fixed formatting; `width` is the score's decimals (CLI default 1).
 */

/** The part after the BLEU score: precisions, brevity penalty, ratio and lengths. */
export function bleuVerbose(s: BleuScore): string {
  const prec = s.precisions.map((p) => pyFixed(p, 1)).join('/');
  return `${prec} (BP = ${pyFixed(s.bp, 3)} ratio = ${pyFixed(s.ratio, 3)} hyp_len = ${s.sysLen} ref_len = ${s.refLen})`;
}

export function formatBleuLine(s: BleuScore, width = 1): string {
  return `${s.name}|${s.signature} = ${pyFixed(s.score, width)} ${bleuVerbose(s)}`;
}

export function formatChrfLine(s: ChrfScore, width = 1): string {
  return `${s.name}|${s.signature} = ${pyFixed(s.score, width)}`;
}
