/**
 * Picks the base characters of the vocabulary by character coverage (SentencePiece style):
 * the most frequent characters (ties by code point) until `coverage` of all character
 * occurrences is reached, plus the always-kept `required` characters and the word-start marker.
 * Characters left out encode as <unk>. Result is sorted by code point (deterministic).
 */
import { LITERAL_MARKER_STANDIN, WORD_START } from '../../src/model/text/vocab.ts';

/** Printable ASCII and the Spanish letters and marks: never <unk> whatever the corpus. */
export const REQUIRED_CHARS: readonly string[] = [
  ...Array.from({ length: 0x7e - 0x21 + 1 }, (_, i) => String.fromCharCode(0x21 + i)),
  ...'áéíóúüñÁÉÍÓÚÜÑ¿¡«»€',
];

export interface AlphabetOptions {
  /** Fraction of character occurrences the alphabet must cover, in (0, 1]. */
  coverage: number;
  required?: readonly string[];
}

const byCodePoint = (x: string, y: string): number => x.codePointAt(0)! - y.codePointAt(0)!;

export function chooseAlphabet(chunkCounts: Map<string, number>, options: AlphabetOptions): string[] {
  const freq = new Map<string, number>();
  let total = 0;
  for (const [chunk, count] of chunkCounts) {
    let first = true;
    for (const ch of chunk) {
      if (!(first && ch === WORD_START)) {
        freq.set(ch, (freq.get(ch) ?? 0) + count);
        total += count;
      }
      first = false;
    }
  }
  freq.delete(LITERAL_MARKER_STANDIN);
  const ranked = [...freq].sort((x, y) => y[1] - x[1] || byCodePoint(x[0], y[0]));
  const chosen = new Set<string>([WORD_START, ...(options.required ?? REQUIRED_CHARS)]);
  let covered = 0;
  for (const [ch, count] of ranked) {
    if (covered >= options.coverage * total) break;
    chosen.add(ch);
    covered += count;
  }
  return [...chosen].sort(byCodePoint);
}
