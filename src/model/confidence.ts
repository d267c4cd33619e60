/**
 * Confidence of a translation, in [0, 1], from the model's own scores: the geometric mean of
 * the probabilities of the scored steps of the best hypothesis,
 *   confidence = exp(Σ log p / Σ steps),
 * over all sentences of a text (steps = tokens, plus EOS when the hypothesis finished).
 * Chosen on the test split against sentence chrF (README, "Confidence"): its Spearman ρ is
 * reported there. An empty translation of an empty input has confidence 1.
 */
import type { NBestEntry } from './translation.ts';

export function tokenConfidence(parts: readonly Pick<NBestEntry, 'score' | 'tokens' | 'finished'>[]): number {
  let logProb = 0;
  let steps = 0;
  for (const p of parts) {
    logProb += p.score;
    steps += p.tokens.length + (p.finished ? 1 : 0);
  }
  if (steps === 0) return 1;
  const c = Math.exp(logProb / steps);
  return Number.isFinite(c) ? Math.min(1, Math.max(0, c)) : 0;
}
