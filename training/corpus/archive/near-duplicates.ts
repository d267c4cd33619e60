/**
 * Near-duplicates: strings that differ only in case, punctuation, spacing, symbols or the value
 * of a number (`Save As…` / `Save as:` / `save as`, `Page 1 of 3` / `Page 2 of 5`). Their key is
 * the NFKC lower-case text with every run of digits made `0` and everything but letters and
 * digits removed. The archive builder keeps one pair per (English key, Spanish key) in a split,
 * and drops a training pair whose English key is the key of a held-out (dev or test) source, so
 * a near-copy of a test sentence is never trained on.
 */
import type { Pair } from '../pair.ts';

export function nearKey(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\p{N}+/gu, '0')
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Keeps the first pair (in the given order) of each (English key, Spanish key); returns kept and the number dropped. */
export function dropNearDuplicates(pairs: readonly Pair[]): { kept: Pair[]; dropped: Pair[] } {
  const seen = new Set<string>();
  const kept: Pair[] = [];
  const dropped: Pair[] = [];
  for (const pair of pairs) {
    const key = `${nearKey(pair.en)}\t${nearKey(pair.es)}`;
    if (seen.has(key)) dropped.push(pair);
    else {
      seen.add(key);
      kept.push(pair);
    }
  }
  return { kept, dropped };
}

/** Splits training pairs into those whose English key is not held out, and those that are. */
export function dropHeldOutNeighbours(train: readonly Pair[], heldOutSources: Iterable<string>): { kept: Pair[]; dropped: Pair[] } {
  const keys = new Set<string>();
  for (const en of heldOutSources) keys.add(nearKey(en));
  const kept: Pair[] = [];
  const dropped: Pair[] = [];
  for (const pair of train) (keys.has(nearKey(pair.en)) ? dropped : kept).push(pair);
  return { kept, dropped };
}
