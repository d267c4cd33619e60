/**
 * sacreBLEU 2.6.0-exact BLEU and chrF(++) in dependency-free TypeScript (Worker and Node).
 * Corpus functions take reference streams like sacreBLEU: `refs[k][i]` is the k-th
 * reference of hypothesis i.
 */
export { corpusBleu, sentenceBleu, bleuSegmentStats, bleuFromStats, bleuSignature, closestRefLen, type BleuOptions, type BleuScore } from './bleu.ts';
export { computeBleu, sumBleuStats, SMOOTH_DEFAULTS, MAX_NGRAM_ORDER, isSmoothMethod, type BleuStats, type BleuCore, type SmoothMethod } from './compute-bleu.ts';
export { corpusChrf, sentenceChrf, chrfSegmentStats, chrfFromStats, chrfSignature, chrfWords, type ChrfOptions, type ChrfScore } from './chrf.ts';
export { computeChrf, sumChrfStats, CHRF_BETA, CHRF_CHAR_ORDER, CHRF_WORD_ORDER } from './compute-chrf.ts';
export { TOKENIZERS, DEFAULT_TOKENIZER, getTokenizer, isTokenizerName, type Tokenizer, type TokenizerName } from './tokenizers.ts';
export { formatBleuLine, formatChrfLine, bleuVerbose } from './score-line.ts';
export { SACREBLEU_VERSION, type NumRefs } from './signature.ts';
export type { ReferenceStreams } from './reference-streams.ts';
export { pyFixed } from './py-fixed.ts';
