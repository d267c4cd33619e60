/**
 * An embedding table [V, E] kept on the host for row lookups (the wasm Gather kernel copies
 * one element at a time). From an int8 weight file it stays int8 with one scale per row,
 * a quarter of the float32 size, and a looked-up row equals the file's dequantized row
 * exactly (q · scale rounded to float32 once, as dequantizeInt8 does).
 */
export class EmbeddingTable {
  private constructor(
    readonly rows: number,
    readonly dim: number,
    private readonly values: Float32Array | null,
    private readonly codes: Int8Array | null,
    private readonly scales: Float32Array | null,
  ) {}

  /** A float32 table (the array is kept, not copied). */
  static fromFloat32(values: Float32Array, rows: number, dim: number): EmbeddingTable {
    if (values.length !== rows * dim) throw new Error(`embedding table: ${values.length} values for [${rows}, ${dim}]`);
    return new EmbeddingTable(rows, dim, values, null, null);
  }

  /** An int8 table with one scale per row (the codes are copied, so a file buffer can be dropped). */
  static fromInt8(codes: Int8Array, scales: Float32Array, rows: number, dim: number): EmbeddingTable {
    if (codes.length !== rows * dim || scales.length !== rows) throw new Error(`embedding table: ${codes.length} codes and ${scales.length} scales for [${rows}, ${dim}]`);
    return new EmbeddingTable(rows, dim, null, codes.slice(), scales.slice());
  }

  /** Bytes held on the host. */
  get bytes(): number {
    return this.values ? this.values.byteLength : this.codes!.byteLength + this.scales!.byteLength;
  }

  /** Writes `factor` × row `id` into `out` at `offset`; throws for ids outside the table. */
  copyRow(id: number, out: Float32Array, offset = 0, factor = 1): void {
    if (!(Number.isInteger(id) && id >= 0 && id < this.rows)) throw new Error(`token id ${id} is outside the vocabulary of ${this.rows}`);
    const E = this.dim, at = id * E;
    if (this.values) {
      for (let j = 0; j < E; j++) out[offset + j] = this.values[at + j] * factor;
    } else {
      const s = this.scales![id], q = this.codes!;
      for (let j = 0; j < E; j++) out[offset + j] = Math.fround(q[at + j] * s) * factor;
    }
  }

  /**
   * Row `id` as int8 codes written into `out` at `offset`, with its scale returned: the file's own
   * codes for an int8 table, else the row quantized symmetrically (max |x| / 127, as
   * quantize.ts does per row).
   */
  int8Row(id: number, out: Int8Array, offset = 0): number {
    if (!(Number.isInteger(id) && id >= 0 && id < this.rows)) throw new Error(`token id ${id} is outside the vocabulary of ${this.rows}`);
    const E = this.dim, at = id * E;
    if (this.codes) {
      out.set(this.codes.subarray(at, at + E), offset);
      return this.scales![id];
    }
    let max = 0;
    for (let j = 0; j < E; j++) max = Math.max(max, Math.abs(this.values![at + j]));
    const scale = max === 0 ? 0 : Math.max(Math.fround(max / 127), 2 ** -126);
    for (let j = 0; j < E; j++) out[offset + j] = scale === 0 ? 0 : Math.max(-127, Math.min(127, Math.sign(this.values![at + j]) * Math.round(Math.abs(this.values![at + j]) / scale)));
    return scale;
  }

  /** Rows `ids` as one row-major [ids.length, E] array. */
  lookup(ids: ArrayLike<number>): Float32Array {
    const out = new Float32Array(ids.length * this.dim);
    for (let i = 0; i < ids.length; i++) this.copyRow(ids[i], out, i * this.dim);
    return out;
  }
}
