/**
 * Learns a BPE vocabulary from chunk counts with the standard efficient algorithm:
 * pair counts weighted by chunk frequency, an index pair → chunks containing it, incremental
 * count updates after each merge and a max-heap with lazy deletion. Ties are broken by the
 * lexicographic order of the pair, so the same input always gives the same vocabulary.
 *
 * Layout of the result: reserved ids (special-tokens.ts), the alphabet sorted by code point,
 * then one piece per merge in learning order, until `vocabSize` pieces (including reserved).
 */
import { NUM_RESERVED } from '../../src/model/text/special-tokens.ts';
import {
  RESERVED_PIECES,
  SPECIALS,
  VOCAB_FORMAT,
  VOCAB_NORMALIZATION,
  VOCAB_VERSION,
  type VocabJSON,
} from '../../src/model/text/vocab.ts';
import { chooseAlphabet, REQUIRED_CHARS } from './choose-alphabet.ts';
import { PairHeap } from './pair-heap.ts';

export interface LearnOptions {
  /** Total pieces including the reserved ids. */
  vocabSize: number;
  /** Character coverage for the alphabet, in (0, 1]. */
  coverage?: number;
  /** Pairs seen fewer times than this are never merged. */
  minPairCount?: number;
  /** Characters always in the alphabet. */
  requiredChars?: readonly string[];
  /** Provenance stored under "training" in the JSON. */
  provenance?: Record<string, unknown>;
}

const SHIFT = 2 ** 21;
const UNKNOWN = -1;

export function learnBpe(chunkCounts: Map<string, number>, options: LearnOptions): VocabJSON {
  const coverage = options.coverage ?? 1;
  const minPairCount = options.minPairCount ?? 2;
  const alphabet = chooseAlphabet(chunkCounts, { coverage, required: options.requiredChars ?? REQUIRED_CHARS });
  if (NUM_RESERVED + alphabet.length > options.vocabSize) {
    throw new Error(`vocab size ${options.vocabSize} is too small for ${NUM_RESERVED} reserved ids + ${alphabet.length} characters`);
  }
  const strings: string[] = [...alphabet];
  const symbolOf = new Map<string, number>(alphabet.map((ch, i) => [ch, i]));

  // Chunks in a fixed order (sorted) so symbol ids and iteration are deterministic.
  const entries = [...chunkCounts].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  const words: number[][] = entries.map(([chunk]) => Array.from(chunk, (ch) => symbolOf.get(ch) ?? UNKNOWN));
  const freqs: number[] = entries.map(([, count]) => count);

  const pairCounts = new Map<number, number>();
  const pairWords = new Map<number, Set<number>>();
  const heap = new PairHeap();
  const entryOf = (key: number, count: number) => ({
    count,
    key,
    left: strings[Math.floor(key / SHIFT)],
    right: strings[key % SHIFT],
  });

  /** Adds `sign * freq` for every adjacent known pair of word w; records touched keys. */
  const addPairs = (w: number, sign: number, touched: Map<number, number> | null): void => {
    const sym = words[w];
    for (let i = 0; i + 1 < sym.length; i++) {
      if (sym[i] === UNKNOWN || sym[i + 1] === UNKNOWN) continue;
      const key = sym[i] * SHIFT + sym[i + 1];
      const old = pairCounts.get(key) ?? 0;
      if (touched && !touched.has(key)) touched.set(key, old);
      pairCounts.set(key, old + sign * freqs[w]);
      if (sign > 0) {
        let set = pairWords.get(key);
        if (!set) pairWords.set(key, (set = new Set()));
        set.add(w);
      }
    }
  };

  for (let w = 0; w < words.length; w++) addPairs(w, 1, null);
  for (const [key, count] of pairCounts) heap.push(entryOf(key, count));

  const vocab = [...RESERVED_PIECES, ...alphabet];
  const merges: [string, string][] = [];
  while (vocab.length < options.vocabSize) {
    const top = heap.pop();
    if (!top) break;
    if (pairCounts.get(top.key) !== top.count) continue; // stale
    if (top.count < minPairCount) break;
    const a = Math.floor(top.key / SHIFT);
    const b = top.key % SHIFT;
    const merged = top.left + top.right;
    let id = symbolOf.get(merged);
    if (id === undefined) {
      id = strings.push(merged) - 1;
      symbolOf.set(merged, id);
      vocab.push(merged);
    }
    merges.push([top.left, top.right]);

    const touched = new Map<number, number>();
    for (const w of pairWords.get(top.key) ?? []) {
      const sym = words[w];
      let found = false;
      for (let i = 0; i + 1 < sym.length && !found; i++) found = sym[i] === a && sym[i + 1] === b;
      if (!found) continue; // stale index entry
      addPairs(w, -1, touched);
      const next: number[] = [];
      for (let i = 0; i < sym.length; i++) {
        if (i + 1 < sym.length && sym[i] === a && sym[i + 1] === b) {
          next.push(id);
          i++;
        } else next.push(sym[i]);
      }
      words[w] = next;
      addPairs(w, 1, touched);
    }
    pairWords.delete(top.key);
    for (const [key, before] of touched) {
      const now = pairCounts.get(key)!;
      if (now <= 0) pairCounts.delete(key);
      else if (now !== before) heap.push(entryOf(key, now));
    }
  }

  const json: VocabJSON = {
    format: VOCAB_FORMAT,
    version: VOCAB_VERSION,
    normalization: VOCAB_NORMALIZATION,
    vocab,
    merges,
    specials: { ...SPECIALS },
  };
  if (options.provenance) json.training = options.provenance;
  return json;
}
