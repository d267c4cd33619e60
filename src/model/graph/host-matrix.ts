/**
 * Row-major float32 matrices on the host, for building the inference weights without a
 * device copy of every intermediate (wasm memory never shrinks, so device temporaries at
 * load time would stay as dead weight in the isolate).
 */
export interface HostMatrix {
  rows: number;
  cols: number;
  data: Float32Array;
}

export const hostMatrix = (data: Float32Array, rows: number, cols: number): HostMatrix => {
  if (data.length !== rows * cols) throw new Error(`matrix data of ${data.length} values for [${rows}, ${cols}]`);
  return { rows, cols, data };
};

/** Columns [k·n, (k+1)·n) of m, times `factor`. */
export function colBlock(m: HostMatrix, k: number, n: number, factor = 1): HostMatrix {
  const out = new Float32Array(m.rows * n);
  for (let r = 0; r < m.rows; r++) for (let j = 0; j < n; j++) out[r * n + j] = m.data[r * m.cols + k * n + j] * factor;
  return { rows: m.rows, cols: n, data: out };
}

/** [a; b]: b's rows below a's. */
export function stackRows(a: HostMatrix, b: HostMatrix): HostMatrix {
  if (a.cols !== b.cols) throw new Error(`cannot stack [${a.rows}, ${a.cols}] on [${b.rows}, ${b.cols}]`);
  const out = new Float32Array((a.rows + b.rows) * a.cols);
  out.set(a.data);
  out.set(b.data, a.data.length);
  return { rows: a.rows + b.rows, cols: a.cols, data: out };
}

/** Elements [k·n, (k+1)·n) of v. */
export const segment = (v: Float32Array, k: number, n: number): Float32Array => v.slice(k * n, (k + 1) * n);

/** a + b elementwise, rounded to float32. */
export const addVectors = (a: Float32Array, b: Float32Array): Float32Array => Float32Array.from(a, (x, i) => x + b[i]);

/** Every element times `factor`. */
export const scaled = (m: HostMatrix, factor: number): HostMatrix => ({ ...m, data: Float32Array.from(m.data, (x) => x * factor) });
