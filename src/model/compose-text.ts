/**
 * Rejoins the sentence translations of one segmented text (text/segment.ts) into its
 * TranslationResult, with the text's own whitespace and line breaks between the sentences.
 *
 * How the parts compose (a one-sentence text gives exactly that sentence's result):
 *  - translation: each sentence's best translation in place of the sentence;
 *  - n-best: entry 0 is every sentence's best. Entry k ≥ 1 is the best of every sentence
 *    but one, whose j-th alternative replaces its best: the (sentence, alternative) pairs are
 *    ranked by how little they lose, normScore(best) − normScore(j-th), smallest first. So the
 *    alternatives differ from the best in one sentence each, as a reviewer wants to compare them.
 *    An entry's score and normScore are the sums over its sentences, tokens their concatenation,
 *    finished true when every sentence finished;
 *  - attention: block-diagonal over the sentences: source tokens and target tokens are the
 *    sentences' tokens concatenated, and a target token's row has the weights of its own
 *    sentence's source tokens and 0 for every other sentence's;
 *  - confidence: exp(Σ log-prob / Σ scored steps) of the best translation over all its
 *    sentences, the geometric mean of the per-token probabilities (see confidence.ts).
 */
import { tokenConfidence } from './confidence.ts';
import type { TextPiece } from './text/segment.ts';
import type { AttentionMatrix, NBestEntry, TranslateOptions, TranslationResult } from './translation.ts';

/** What the engine returns for one sentence. */
export interface SentenceTranslation {
  /** Best first, at least one entry. */
  nbest: NBestEntry[];
  /** Source subwords as displayed (the attention's columns). */
  sourceTokens: string[];
  /** Attention of the best hypothesis, one row per target token (when requested). */
  attention: number[][];
}

export function composeText(pieces: readonly TextPiece[], translations: readonly (SentenceTranslation | undefined)[], opts: TranslateOptions): TranslationResult {
  const sentences = translations.filter((t): t is SentenceTranslation => t !== undefined);
  const join = (pick: (i: number) => NBestEntry): NBestEntry => {
    let text = '';
    let s = 0;
    pieces.forEach((p, i) => { text += translations[i] ? pick(s++).text : p.text; });
    const parts = sentences.map((_, k) => pick(k));
    return {
      text,
      score: parts.reduce((a, e) => a + e.score, 0),
      normScore: parts.reduce((a, e) => a + e.normScore, 0),
      tokens: parts.flatMap((e) => e.tokens),
      finished: parts.every((e) => e.finished),
    };
  };
  if (sentences.length === 0) {
    // Nothing to translate (empty or whitespace only): the empty translation, as before segmentation.
    const empty: TranslationResult = { translation: '', confidence: 1, nbest: [{ text: '', score: 0, normScore: 0, tokens: [], finished: true }] };
    if (opts.attention) empty.attention = { sourceTokens: [], targetTokens: [], weights: [] };
    return empty;
  }
  const best = join((k) => sentences[k].nbest[0]);
  const swaps = sentences.flatMap((t, k) => t.nbest.slice(1).map((e) => ({ k, e, loss: t.nbest[0].normScore - e.normScore })));
  swaps.sort((a, b) => a.loss - b.loss || a.k - b.k);
  const nbest = [best, ...swaps.slice(0, Math.max(0, opts.nbest - 1)).map((sw) => join((k) => (k === sw.k ? sw.e : sentences[k].nbest[0])))];
  const bests = sentences.map((t) => t.nbest[0]);
  const result: TranslationResult = { translation: best.text, confidence: tokenConfidence(bests), nbest };
  if (opts.attention) result.attention = blockDiagonal(sentences);
  return result;
}

function blockDiagonal(sentences: readonly SentenceTranslation[]): AttentionMatrix {
  const sourceTokens = sentences.flatMap((t) => t.sourceTokens);
  const targetTokens = sentences.flatMap((t) => t.nbest[0].tokens);
  const weights: number[][] = [];
  let offset = 0;
  for (const t of sentences) {
    for (const row of t.attention) {
      const full = new Array<number>(sourceTokens.length).fill(0);
      row.forEach((v, s) => { full[offset + s] = Math.round(v * 1e4) / 1e4; });
      weights.push(full);
    }
    offset += t.sourceTokens.length;
  }
  return { sourceTokens, targetTokens, weights };
}
