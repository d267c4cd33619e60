/**
 * The output layer of the inference graph, logits = σ(readout)·W' + b', with W' = 2·W
 * [O, V] and b' = b − 1ᵀW (seq2seq-inference.ts, rewrite 5), both derived here from the
 * trained W and b. It stays on the host:
 * decoding with a shortlist uploads only the columns it scores, and the full [O, V]
 * matrix is uploaded on the first full-vocabulary step. A tied layer reads its columns
 * from the target embedding table (W = Eᵀ), so no copy of W is kept at all.
 */
import * as tf from '@tensorflow/tfjs';
import type { EmbeddingTable } from './embedding-table.ts';

/** Writes `factor` × column `id` of the trained W [O, V] (O floats) into `out` at `offset`. */
export type ColumnFn = (id: number, out: Float32Array, offset: number, factor: number) => void;
/** Writes column `id` of the trained W as int8 codes into `out` at `offset` and returns its scale. */
export type Int8ColumnFn = (id: number, out: Int8Array, offset: number) => number;

/** Quantizes O floats symmetrically (max |x| / 127) into `out` at `offset`; returns the scale. */
function quantizeColumn(col: Float32Array, out: Int8Array, offset: number): number {
  let max = 0;
  for (let o = 0; o < col.length; o++) max = Math.max(max, Math.abs(col[o]));
  const scale = max === 0 ? 0 : Math.max(Math.fround(max / 127), 2 ** -126);
  for (let o = 0; o < col.length; o++) out[offset + o] = scale === 0 ? 0 : Math.max(-127, Math.min(127, Math.sign(col[o]) * Math.round(Math.abs(col[o]) / scale)));
  return scale;
}

export class OutputLayer {
  private device?: { W: tf.Tensor3D; b: tf.Tensor1D };
  /** b' = b − 1ᵀW [V]. */
  readonly bias: Float32Array;

  /** `dim` O, `size` V, the trained bias b [V] and W's columns. */
  constructor(readonly dim: number, readonly size: number, b: Float32Array, private readonly column: ColumnFn, private readonly int8Column?: Int8ColumnFn) {
    this.bias = Float32Array.from(b);
    const col = new Float32Array(dim);
    for (let v = 0; v < size; v++) {
      column(v, col, 0, 1);
      let sum = 0;
      for (let o = 0; o < dim; o++) sum += col[o];
      this.bias[v] -= sum;
    }
  }

  /** An output layer tied to the embedding table E [V, O]: W = Eᵀ. */
  static tied(table: EmbeddingTable, b: Float32Array): OutputLayer {
    return new OutputLayer(table.dim, table.rows, b, (id, out, offset, factor) => table.copyRow(id, out, offset, factor), (id, out, offset) => table.int8Row(id, out, offset));
  }

  /** W given as row-major [O, V] (kept, not copied). */
  static dense(W: Float32Array, dim: number, size: number, b: Float32Array): OutputLayer {
    return new OutputLayer(dim, size, b, (id, out, offset, factor) => {
      for (let o = 0; o < dim; o++) out[offset + o] = W[o * size + id] * factor;
    });
  }

  /** W' columns and b' of `ids`: row-major [O, n] and [n]. */
  block(ids: ArrayLike<number>): { W: Float32Array; b: Float32Array } {
    const O = this.dim, n = ids.length;
    const col = new Float32Array(O), W = new Float32Array(O * n), b = new Float32Array(n);
    for (let k = 0; k < n; k++) {
      const id = ids[k];
      if (!(Number.isInteger(id) && id >= 0 && id < this.size)) throw new Error(`output id ${id} is outside the vocabulary of ${this.size}`);
      this.column(id, col, 0, 2);
      for (let o = 0; o < O; o++) W[o * n + k] = col[o];
      b[k] = this.bias[id];
    }
    return { W, b };
  }

  /**
   * W' columns of `ids` as int8, one row of O codes per column ([n, O], the layout of the fused
   * graph's QMatrix), their scales (of W' = 2·W) and b' [n]. A tied layer gives the embedding
   * table's own codes; a dense one quantizes each column (max |x| / 127).
   */
  int8Block(ids: ArrayLike<number>): { codes: Int8Array; scales: Float32Array; b: Float32Array } {
    const O = this.dim, n = ids.length;
    const codes = new Int8Array(n * O), scales = new Float32Array(n), b = new Float32Array(n), col = new Float32Array(O);
    for (let k = 0; k < n; k++) {
      const id = ids[k];
      if (!(Number.isInteger(id) && id >= 0 && id < this.size)) throw new Error(`output id ${id} is outside the vocabulary of ${this.size}`);
      if (this.int8Column) scales[k] = 2 * this.int8Column(id, codes, k * O);
      else {
        this.column(id, col, 0, 1);
        scales[k] = 2 * quantizeColumn(col, codes, k * O);
      }
      b[k] = this.bias[id];
    }
    return { codes, scales, b };
  }

  /** The block of `ids` as device tensors [1, O, n] and [n]. */
  uploadBlock(ids: ArrayLike<number>): { W: tf.Tensor3D; b: tf.Tensor1D } {
    const { W, b } = this.block(ids);
    return { W: tf.tensor3d(W, [1, this.dim, ids.length]), b: tf.tensor1d(b) };
  }

  /**
   * The whole layer on the device, uploaded on the first call and kept until dispose (also
   * when the first call happens inside a tf.tidy, which would otherwise free it at its end).
   */
  full(): { W: tf.Tensor3D; b: tf.Tensor1D } {
    if (!this.device) {
      const { W, b } = this.uploadBlock(Int32Array.from({ length: this.size }, (_, i) => i));
      this.device = { W: tf.keep(W), b: tf.keep(b) };
    }
    return this.device;
  }

  /** Frees the device copy, if any (the host data stays usable). */
  dispose(): void {
    if (this.device) tf.dispose([this.device.W, this.device.b]);
    this.device = undefined;
  }
}
