/**
 * Seq2SeqSearchModel restricted to a lexical shortlist. The output layer is split in two:
 *  - the shortlist's `always` block [O, A] (EOS, UNK, sentinels, frequent subwords) is one
 *    device tensor built once, so XNNPACK packs its weights once and reuses them;
 *  - each sentence's extra candidates [O, E] (E ≈ 100) are built on the host from a copy
 *    of out.W and uploaded once per sentence.
 * A step scores [always…, extras…] = concat(r·W_A + b_A, r·W_E + b_E), then log-softmax over
 * those A + E columns; `columnIds` maps them back to vocabulary ids.
 *
 * Why not Seq2SeqSearchModel's per-sentence gather of all K columns: tfjs-backend-wasm
 * 4.22's Gather kernel copies one element at a time (15–45 ms for 256×2100), and a new
 * [O, K] weight tensor per sentence costs XNNPACK a fresh packing (≈ 3 ms) on its first
 * matmul — together more than the decoding time the shortlist saves on a short sentence.
 * Costs a host copy of the output columns that can be extras (4.3 MB for the en-es shortlist,
 * instead of 8 MB for the whole output matrix).
 */
import * as tf from '@tensorflow/tfjs';
import { Seq2SeqSearchModel, type SentenceEncoding } from './seq2seq-search.ts';
import { linear, type InferenceWeights, type Matrix } from './seq2seq-inference.ts';
import type { Shortlist } from './shortlist.ts';

export class ShortlistSearchModel extends Seq2SeqSearchModel {
  /** Host copy of the output columns of `list.candidateIds()`, one row of O floats per id. */
  private readonly rows: Float32Array;
  /** Row of each vocabulary id in `rows`, −1 for ids that are never extras. */
  private readonly rowOf: Int32Array;
  private readonly bias: Float32Array;
  private readonly inAlways: Uint8Array;
  /** The always-scored block: W_A [O, A], b_A [A]. */
  private readonly alwaysW: Matrix;
  private readonly alwaysB: tf.Tensor1D;

  /** Call dispose() when done (the inference weights are not touched). */
  constructor(w: InferenceWeights, readonly list: Shortlist) {
    super(w);
    const c = w.config, O = c.outDim, V = c.tgtVocabSize;
    if (list.vocabSize !== V) throw new Error(`shortlist of ${list.vocabSize} ids for a vocabulary of ${V}`);
    const full = w.outW.dataSync() as Float32Array; // [O, V], dropped after the constructor
    this.bias = w.outB.dataSync() as Float32Array;
    this.inAlways = new Uint8Array(V);
    for (const id of list.always) this.inAlways[id] = 1;
    const extras = list.candidateIds();
    this.rowOf = new Int32Array(V).fill(-1);
    this.rows = new Float32Array(extras.length * O);
    extras.forEach((id, j) => {
      this.rowOf[id] = j;
      for (let o = 0; o < O; o++) this.rows[j * O + o] = full[o * V + id];
    });
    const n = list.always.length, a = new Float32Array(O * n);
    for (let o = 0; o < O; o++) for (let k = 0; k < n; k++) a[o * n + k] = full[o * V + list.always[k]];
    this.alwaysW = tf.tensor3d(a, [1, O, n]);
    this.alwaysB = tf.tensor1d(Float32Array.from(list.always, (id) => this.bias[id]));
  }

  /** Output weights [O, n] and bias [n] of extra ids (never `always` ones), from the host rows. */
  private extrasBlock(ids: Int32Array): [Matrix, tf.Tensor1D] {
    const n = ids.length, O = this.c.outDim;
    const m = new Float32Array(O * n);
    for (let k = 0; k < n; k++) {
      const row = this.rowOf[ids[k]] * O;
      for (let o = 0; o < O; o++) m[o * n + k] = this.rows[row + o];
    }
    return [tf.tensor3d(m, [1, O, n]), tf.tensor1d(Float32Array.from(ids, (id) => this.bias[id]))];
  }

  override encode(srcIds: number[]): SentenceEncoding {
    const extras = this.list.columns(srcIds).filter((id) => !this.inAlways[id]);
    const columns = new Int32Array(this.list.always.length + extras.length);
    columns.set(this.list.always);
    columns.set(extras, this.list.always.length);
    const e = super.encode(srcIds);
    e.columns = columns;
    if (extras.length > 0) [e.outW, e.outB] = this.extrasBlock(extras);
    return e;
  }

  /** Logits over [always…, extras…]. */
  protected override logits(e: SentenceEncoding, readout: tf.Tensor2D): tf.Tensor2D {
    const always = linear(readout, this.alwaysW, this.alwaysB);
    return e.outW ? tf.concat([always, linear(readout, e.outW, e.outB)], 1) as tf.Tensor2D : always;
  }

  /** Frees the always block (the inference weights are not touched). */
  dispose(): void {
    this.alwaysW.dispose();
    this.alwaysB.dispose();
  }
}
