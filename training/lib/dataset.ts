/**
 * Turns corpus pairs into model inputs: placeholder masking (the same code the Worker
 * uses at translation time), subword encoding, and a length filter.
 */
import { maskPair } from '../../src/model/text/placeholders.ts';
import type { Vocab } from '../../src/model/text/vocab.ts';
import type { Pair } from '../corpus/load.ts';
import type { EncodedPair } from './batches.ts';

export interface EncodedSet {
  pairs: EncodedPair[];
  /** Raw target text of each kept pair (the reference for BLEU). */
  refs: string[];
  /** Placeholder slots of each kept source (to unmask model outputs). */
  slots: string[][];
  dropped: number;
}

export function encodePairs(raw: readonly Pair[], vocab: Vocab, maxLen: number): EncodedSet {
  const pairs: EncodedPair[] = [];
  const refs: string[] = [];
  const slots: string[][] = [];
  let dropped = 0;
  for (const p of raw) {
    const m = maskPair(p.en, p.es);
    const src = vocab.encode(m.source), tgt = vocab.encode(m.target);
    if (src.length === 0 || tgt.length === 0 || src.length > maxLen || tgt.length > maxLen) { dropped++; continue; }
    pairs.push({ src, tgt });
    refs.push(p.es);
    slots.push(m.slots);
  }
  return { pairs, refs, slots, dropped };
}
