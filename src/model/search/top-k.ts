/**
 * Partial top-k selection of beam extensions: candidate (row, col) scores
 * base[row] + logProbs[row * width + col], best first.
 *
 * A bounded min-heap of size k: O(N log k) worst case, O(N) when most candidates
 * lose to the heap root (the usual case), no sort of all N = rows × width candidates.
 * Ties are broken by the smaller flat index row * width + col, so the order is deterministic
 * and matches a first-maximum argmax. Candidates whose score is NaN or -Infinity are skipped,
 * as is the column `excludeCol` (e.g. EOS before minLength).
 */
export interface Candidate {
  row: number;
  col: number;
  score: number;
}

export function topKCandidates(
  base: ArrayLike<number>,
  logProbs: Float32Array,
  width: number,
  k: number,
  excludeCol = -1,
): Candidate[] {
  const cap = Math.max(0, Math.min(k, base.length * width));
  const score = new Float64Array(cap);
  const index = new Int32Array(cap);
  let size = 0;
  // a is worse than b: lower score, or equal score and larger index.
  const worse = (i: number, j: number): boolean =>
    score[i] < score[j] || (score[i] === score[j] && index[i] > index[j]);
  const swap = (i: number, j: number): void => {
    const s = score[i]; score[i] = score[j]; score[j] = s;
    const x = index[i]; index[i] = index[j]; index[j] = x;
  };
  const siftUp = (i: number): void => {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!worse(i, p)) return;
      swap(i, p);
      i = p;
    }
  };
  const siftDown = (i: number): void => {
    for (;;) {
      const l = 2 * i + 1;
      if (l >= size) return;
      const r = l + 1;
      const c = r < size && worse(r, l) ? r : l;
      if (!worse(c, i)) return;
      swap(c, i);
      i = c;
    }
  };
  if (cap === 0) return [];
  for (let row = 0; row < base.length; row++) {
    const b = base[row];
    const off = row * width;
    for (let col = 0; col < width; col++) {
      if (col === excludeCol) continue;
      const s = b + logProbs[off + col];
      if (!(s > -Infinity)) continue;
      if (size < cap) {
        score[size] = s;
        index[size] = off + col;
        siftUp(size++);
      } else if (s > score[0]) {
        // s === root score never replaces: the root has the smaller index (visited earlier).
        score[0] = s;
        index[0] = off + col;
        siftDown(0);
      }
    }
  }
  const out: Candidate[] = [];
  for (let i = 0; i < size; i++) out.push({ row: Math.floor(index[i] / width), col: index[i] % width, score: score[i] });
  return out.sort((a, b) => b.score - a.score || a.row * width + a.col - (b.row * width + b.col));
}
