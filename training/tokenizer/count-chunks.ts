/**
 * Counts the BPE training units of a text collection: every string is normalised, split into
 * words, and every word into chunks exactly as the encoder does (src/model/text/vocab.ts), so the
 * learned merges apply to what `Vocab.encode` will see. Sentinel chunks are not counted
 * (sentinels have reserved ids and never take part in merges).
 */
import { isSentinelChar } from '../../src/model/text/special-tokens.ts';
import { chunkWord, normalize } from '../../src/model/text/vocab.ts';

/** Chunk string (the first chunk of a word starts with '▁') → number of occurrences. */
export function countChunks(texts: Iterable<string>): Map<string, number> {
  const words = new Map<string, number>();
  for (const text of texts) {
    const normalized = normalize(text);
    if (normalized === '') continue;
    for (const word of normalized.split(' ')) words.set(word, (words.get(word) ?? 0) + 1);
  }
  const chunks = new Map<string, number>();
  for (const [word, count] of words) {
    for (const chunk of chunkWord(word)) {
      if (!isSentinelChar(chunk)) chunks.set(chunk, (chunks.get(chunk) ?? 0) + count);
    }
  }
  return chunks;
}
