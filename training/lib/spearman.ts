/**
 * Spearman rank correlation ρ of two equally long series: the Pearson correlation of their
 * ranks, ties given their average rank. NaN entries (in either series) are left out.
 */
function ranks(xs: readonly number[]): number[] {
  const order = xs.map((x, i) => [x, i] as const).sort((a, b) => a[0] - b[0]);
  const r = new Array<number>(xs.length);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && order[j + 1][0] === order[i][0]) j++;
    for (let k = i; k <= j; k++) r[order[k][1]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return r;
}

export function spearman(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new Error(`spearman: series of ${a.length} and ${b.length} values`);
  const keep = a.map((_, i) => i).filter((i) => !Number.isNaN(a[i]) && !Number.isNaN(b[i]));
  const ra = ranks(keep.map((i) => a[i])), rb = ranks(keep.map((i) => b[i]));
  const n = keep.length;
  if (n < 2) return NaN;
  const ma = ra.reduce((s, x) => s + x, 0) / n, mb = rb.reduce((s, x) => s + x, 0) / n;
  let num = 0, da = 0, db = 0;
  for (let i = 0; i < n; i++) {
    num += (ra[i] - ma) * (rb[i] - mb);
    da += (ra[i] - ma) ** 2;
    db += (rb[i] - mb) ** 2;
  }
  return num / Math.sqrt(da * db);
}
