/**
 * BLEU, chrF and chrF++ diagnostics against references (sacreBLEU-exact metrics
 * from src/metrics), shaped for the HTTP API: POST /bleu and the `reference`
 * option of POST /translate.
 */
import {
  corpusBleu,
  corpusChrf,
  formatBleuLine,
  formatChrfLine,
  sentenceBleu,
  sentenceChrf,
  type BleuOptions,
  type BleuScore,
  type ChrfScore,
  type SmoothMethod,
  type TokenizerName,
} from '../metrics/index.ts';

export interface ScoreOptions {
  tokenize?: TokenizerName;
  lowercase?: boolean;
  smooth?: SmoothMethod;
}

export interface ReferenceScores {
  bleu: BleuScore;
  chrf: ChrfScore;
  chrfPlusPlus: ChrfScore;
  /** sacreBLEU-style one-line summaries. */
  lines: string[];
}

const bleuOptions = (o: ScoreOptions): BleuOptions => ({
  tokenize: o.tokenize,
  lowercase: o.lowercase,
  smoothMethod: o.smooth,
});

function pack(bleu: BleuScore, chrf: ChrfScore, chrfPlusPlus: ChrfScore): ReferenceScores {
  return { bleu, chrf, chrfPlusPlus, lines: [formatBleuLine(bleu), formatChrfLine(chrf), formatChrfLine(chrfPlusPlus)] };
}

/** Corpus scores; referenceSets[k][i] is the k-th reference of hypothesis i. */
export function corpusScores(hypotheses: string[], referenceSets: string[][], opts: ScoreOptions = {}): ReferenceScores {
  const lowercase = opts.lowercase;
  return pack(
    corpusBleu(hypotheses, referenceSets, bleuOptions(opts)),
    corpusChrf(hypotheses, referenceSets, { lowercase }),
    corpusChrf(hypotheses, referenceSets, { lowercase, wordOrder: 2 }),
  );
}

/** Sentence-level scores of one hypothesis against its references. */
export function sentenceScores(hypothesis: string, references: string[], opts: ScoreOptions = {}): ReferenceScores {
  const lowercase = opts.lowercase;
  return pack(
    sentenceBleu(hypothesis, references, bleuOptions(opts)),
    sentenceChrf(hypothesis, references, { lowercase }),
    sentenceChrf(hypothesis, references, { lowercase, wordOrder: 2 }),
  );
}
