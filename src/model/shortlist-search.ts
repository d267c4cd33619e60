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
 * Costs a host copy of the out.W columns that can be extras (4.3 MB for the en-es shortlist,
 * instead of 8 MB for all of out.W).
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelConfig } from './config.ts';
import type { StepOutput } from './search-model.ts';
import { Seq2SeqSearchModel, type SentenceEncoding } from './seq2seq-search.ts';
import { decoderStep, embed, type Params, type RnnState } from './seq2seq.ts';
import type { Shortlist } from './shortlist.ts';

export class ShortlistSearchModel extends Seq2SeqSearchModel {
  /** Host copy of the out.W columns of `list.candidateIds()`, one row of O floats per id. */
  private readonly rows: Float32Array;
  /** Row of each vocabulary id in `rows`, −1 for ids that are never extras. */
  private readonly rowOf: Int32Array;
  private readonly bias: Float32Array;
  private readonly inAlways: Uint8Array;
  /** The always-scored block: W_A [O, A], b_A [A]. */
  private readonly alwaysW: tf.Tensor2D;
  private readonly alwaysB: tf.Tensor1D;

  /** `p` must come from prepareInference (out.W present, also for a tied output layer). Call dispose() when done. */
  constructor(p: Params, c: ModelConfig, readonly list: Shortlist) {
    super(p, c);
    const W = p['out.W'];
    if (!W || W.shape[0] !== c.outDim || W.shape[1] !== c.tgtVocabSize) throw new Error(`shortlist search: out.W must be [${c.outDim}, ${c.tgtVocabSize}]`);
    if (list.vocabSize !== c.tgtVocabSize) throw new Error(`shortlist of ${list.vocabSize} ids for a vocabulary of ${c.tgtVocabSize}`);
    const O = c.outDim, V = c.tgtVocabSize;
    const full = W.dataSync() as Float32Array; // [O, V], dropped after the constructor
    this.bias = p['out.b'].dataSync() as Float32Array;
    this.inAlways = new Uint8Array(V);
    for (const id of list.always) this.inAlways[id] = 1;
    const extras = list.candidateIds();
    this.rowOf = new Int32Array(V).fill(-1);
    this.rows = new Float32Array(extras.length * O);
    extras.forEach((id, j) => {
      this.rowOf[id] = j;
      for (let o = 0; o < O; o++) this.rows[j * O + o] = full[o * V + id];
    });
    const n = list.always.length, w = new Float32Array(O * n);
    for (let o = 0; o < O; o++) for (let k = 0; k < n; k++) w[o * n + k] = full[o * V + list.always[k]];
    this.alwaysW = tf.tensor2d(w, [O, n]);
    this.alwaysB = tf.tensor1d(Float32Array.from(list.always, (id) => this.bias[id]));
  }

  /** Output weights [O, n] and bias [n] of extra ids (never `always` ones), from the host rows. */
  private extrasBlock(ids: Int32Array): [tf.Tensor2D, tf.Tensor1D] {
    const n = ids.length, O = this.c.outDim;
    const w = new Float32Array(O * n);
    for (let k = 0; k < n; k++) {
      const row = this.rowOf[ids[k]] * O;
      for (let o = 0; o < O; o++) w[o * n + k] = this.rows[row + o];
    }
    return [tf.tensor2d(w, [O, n]), tf.tensor1d(Float32Array.from(ids, (id) => this.bias[id]))];
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

  override decodeStep(e: SentenceEncoding, state: RnnState, prevTokens: Int32Array, opts?: { attention?: boolean }): StepOutput<RnnState> {
    const R = prevTokens.length, S = e.srcLen, W = e.columns!.length;
    const wantAttention = opts?.attention === true;
    const [buf, next] = tf.tidy(() => {
      const emb = embed(this.p['tgt_embedding'], tf.tensor1d(prevTokens, 'int32')) as tf.Tensor2D; // [R, E]
      const step = decoderStep(this.p, this.c, e.enc, state, emb);
      const always = tf.add(tf.matMul(step.readout, this.alwaysW), this.alwaysB);
      const logits = e.outW ? tf.concat([always, tf.add(tf.matMul(step.readout, e.outW), e.outB!)], 1) : always;
      const logp = tf.logSoftmax(logits); // [R, A + E]
      return [wantAttention ? tf.concat([logp, step.attention], 1) : logp, step.state] as const;
    });
    const data = buf.dataSync() as Float32Array; // the one read-back of this step
    buf.dispose();
    if (!wantAttention) return { logProbs: data, columnIds: e.columns, state: next };
    const logProbs = new Float32Array(R * W), attention = new Float32Array(R * S);
    for (let r = 0; r < R; r++) {
      logProbs.set(data.subarray(r * (W + S), r * (W + S) + W), r * W);
      attention.set(data.subarray(r * (W + S) + W, (r + 1) * (W + S)), r * S);
    }
    return { logProbs, attention, columnIds: e.columns, state: next };
  }

  /** Frees the always block (the model's own parameters are not touched). */
  dispose(): void {
    this.alwaysW.dispose();
    this.alwaysB.dispose();
  }
}
