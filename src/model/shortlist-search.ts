/**
 * Seq2SeqSearchModel restricted to a lexical shortlist. The output layer is split in two:
 *  - the shortlist's `always` block [O, A] (EOS, UNK, sentinels, frequent subwords) is one
 *    device tensor built once, so XNNPACK packs its weights once and reuses them;
 *  - each sentence's extra candidates [O, E] (E ≈ 100) are built on the host from the
 *    output layer's host columns (OutputLayer) and uploaded once per sentence.
 * A step scores [always…, extras…] = concat(r·W_A + b_A, r·W_E + b_E), then log-softmax over
 * those A + E columns; `columnIds` maps them back to vocabulary ids.
 *
 * Why not Seq2SeqSearchModel's per-sentence block of all K columns: a new [O, K] weight
 * tensor per sentence costs XNNPACK a fresh packing (≈ 3 ms for K ≈ 2100) on its first
 * matmul, more than the decoding time the shortlist saves on a short sentence.
 */
import * as tf from '@tensorflow/tfjs';
import { Seq2SeqSearchModel, type SentenceEncoding } from './seq2seq-search.ts';
import { linear, type InferenceWeights, type Matrix } from './seq2seq-inference.ts';
import { outputColumns, qlinear, qmatrixTensors, type QMatrix } from './graph/fused-inference.ts';
import type { Shortlist } from './shortlist.ts';

export class ShortlistSearchModel extends Seq2SeqSearchModel {
  private readonly inAlways: Uint8Array;
  /** The always-scored block: W_A [1, O, A], b_A [A] (reference graph), or its int8 QMatrix (fused graph). */
  private readonly alwaysW?: Matrix;
  private readonly alwaysB?: tf.Tensor1D;
  private readonly alwaysQ?: QMatrix;

  /** Call dispose() when done (the inference weights are not touched). */
  constructor(w: InferenceWeights, readonly list: Shortlist) {
    super(w);
    const V = w.config.tgtVocabSize;
    if (list.vocabSize !== V) throw new Error(`shortlist of ${list.vocabSize} ids for a vocabulary of ${V}`);
    this.inAlways = new Uint8Array(V);
    for (const id of list.always) this.inAlways[id] = 1;
    if (w.kind === 'fused') this.alwaysQ = outputColumns(w.output, list.always);
    else ({ W: this.alwaysW, b: this.alwaysB } = w.output.uploadBlock(list.always));
  }

  override encode(srcIds: number[]): SentenceEncoding {
    const extras = this.list.columns(srcIds).filter((id) => !this.inAlways[id]);
    const columns = new Int32Array(this.list.always.length + extras.length);
    columns.set(this.list.always);
    columns.set(extras, this.list.always.length);
    const e = super.encode(srcIds);
    e.columns = columns;
    if (extras.length > 0 && this.w.kind === 'fused') e.outQ = outputColumns(this.w.output, extras);
    else if (extras.length > 0) ({ W: e.outW, b: e.outB } = this.w.output.uploadBlock(extras));
    return e;
  }

  /** Logits over [always…, extras…]. */
  protected override logits(e: SentenceEncoding, readout: tf.Tensor2D): tf.Tensor2D {
    if (this.alwaysQ) return qlinear(readout, e.outQ ? [this.alwaysQ, e.outQ] : [this.alwaysQ]); // one kernel, [always…, extras…]
    const always = linear(readout, this.alwaysW!, this.alwaysB);
    return e.outW ? tf.concat([always, linear(readout, e.outW, e.outB)], 1) as tf.Tensor2D : always;
  }

  /** Frees the always block (the inference weights are not touched). */
  dispose(): void {
    tf.dispose([this.alwaysW, this.alwaysB, ...(this.alwaysQ ? qmatrixTensors(this.alwaysQ) : [])].filter((t): t is tf.Tensor => t !== undefined));
  }
}
