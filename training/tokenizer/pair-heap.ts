/**
 * Binary max-heap of symbol pairs for BPE learning, ordered by count (highest first) and then
 * by the pair's strings in lexicographic (UTF-16 code unit) order, so learning is deterministic.
 * Entries may go stale; the learner drops an entry whose count no longer matches (lazy deletion).
 */
export interface PairEntry {
  count: number;
  key: number;
  left: string;
  right: string;
}

/** True when `x` must come out of the heap before `y`. */
function before(x: PairEntry, y: PairEntry): boolean {
  if (x.count !== y.count) return x.count > y.count;
  if (x.left !== y.left) return x.left < y.left;
  return x.right < y.right;
}

export class PairHeap {
  private readonly items: PairEntry[] = [];

  get size(): number {
    return this.items.length;
  }

  push(entry: PairEntry): void {
    const items = this.items;
    let i = items.push(entry) - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(items[i], items[parent])) break;
      [items[i], items[parent]] = [items[parent], items[i]];
      i = parent;
    }
  }

  pop(): PairEntry | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length === 0 || last === undefined) return top;
    items[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let best = i;
      if (l < items.length && before(items[l], items[best])) best = l;
      if (r < items.length && before(items[r], items[best])) best = r;
      if (best === i) break;
      [items[i], items[best]] = [items[best], items[i]];
      i = best;
    }
    return top;
  }
}
