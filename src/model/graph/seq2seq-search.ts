/**
 * The Seq2Seq model seen through the SearchModel interface: one source sentence, R
 * hypothesis rows sharing one encoder memory, one backend read per decoding step
 * (logits and, when asked, attention come back in a single buffer; the log-softmax is
 * taken on the host). Runs the inference graph of seq2seq-inference.ts.
 *
 * With a lexical shortlist, only a column set of the output layer is scored, split in two:
 *  - the shortlist's `always` block [O, A] (EOS, UNK, sentinels, frequent subwords) is one
 *    device tensor built once, so XNNPACK packs its weights once and reuses them;
 *  - each sentence's extra candidates [O, E] (E ≈ 100) are built on the host from the
 *    output layer's host columns (OutputLayer) and uploaded once per sentence.
 * A step scores [always…, extras…] = concat(r·W_A + b_A, r·W_E + b_E), then log-softmax over
 * those A + E columns; `columnIds` maps them back to vocabulary ids.
 * (A per-sentence block of all K columns would cost XNNPACK a fresh packing, ≈ 3 ms for
 * K ≈ 2100, on its first matmul: more than the shortlist saves on a short sentence.)
 *
 * On the fused int8 graph (fused-inference.ts) the same blocks are int8 QMatrix columns and
 * one EdgeLinear call writes [always…, extras…] side by side; without a shortlist the whole
 * output layer is built in int8 on the first full-vocabulary step.
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelConfig } from './config.ts';
import { BOS_ID, EOS_ID } from '../text/special-tokens.ts';
import type { Shortlist } from '../text/shortlist.ts';
import type { SearchModel, StepOutput } from '../search/search-model.ts';
import type { RnnState } from './seq2seq.ts';
import { decoderStep, encodeSentence, linear, logSoftmaxRows, type InferenceWeights, type Matrix, type SentenceMemory } from './seq2seq-inference.ts';
import { outputColumns, qlinear, qmatrixTensors, type QMatrix } from './fused-inference.ts';

/** Encoder output of one sentence plus the output columns to score. */
export interface SentenceEncoding {
  enc: SentenceMemory;
  srcLen: number;
  /** Scored vocabulary ids (columns), or undefined for the full vocabulary. */
  columns?: Int32Array;
  /** The sentence's extra shortlist columns: matrix [1, O, E] and bias [E]. */
  outW?: Matrix;
  outB?: tf.Tensor1D;
  /** The fused graph's int8 form of those columns. */
  outQ?: QMatrix;
}

/** The shortlist's always-scored block, uploaded once: W_A [1, O, A], b_A [A] (reference graph), or its int8 QMatrix (fused graph). */
interface AlwaysBlock {
  inAlways: Uint8Array;
  W?: Matrix;
  b?: tf.Tensor1D;
  Q?: QMatrix;
}

export class Seq2SeqSearchModel implements SearchModel<SentenceEncoding, RnnState> {
  readonly eosId = EOS_ID;
  readonly bosId = BOS_ID;
  readonly c: ModelConfig;

  private readonly always?: AlwaysBlock;

  /**
   * `shortlist` restricts each sentence's scored columns to its column set; without it the
   * full vocabulary is scored. Call dispose() when done (the inference weights are not touched).
   */
  constructor(readonly w: InferenceWeights, readonly shortlist?: Shortlist) {
    this.c = w.config;
    if (!shortlist) return;
    const V = w.config.tgtVocabSize;
    if (shortlist.vocabSize !== V) throw new Error(`shortlist of ${shortlist.vocabSize} ids for a vocabulary of ${V}`);
    const inAlways = new Uint8Array(V);
    for (const id of shortlist.always) inAlways[id] = 1;
    this.always = w.kind === 'fused' ? { inAlways, Q: outputColumns(w.output, shortlist.always) } : { inAlways, ...w.output.uploadBlock(shortlist.always) };
  }

  encode(srcIds: number[]): SentenceEncoding {
    const e: SentenceEncoding = tf.tidy(() => ({ enc: encodeSentence(this.w, srcIds), srcLen: srcIds.length }) as unknown as tf.TensorContainer) as unknown as SentenceEncoding;
    if (!this.shortlist || !this.always) return e;
    const { inAlways } = this.always;
    const extras = this.shortlist.columns(srcIds).filter((id) => !inAlways[id]);
    e.columns = new Int32Array(this.shortlist.always.length + extras.length);
    e.columns.set(this.shortlist.always);
    e.columns.set(extras, this.shortlist.always.length);
    if (extras.length > 0 && this.w.kind === 'fused') e.outQ = outputColumns(this.w.output, extras);
    else if (extras.length > 0) ({ W: e.outW, b: e.outB } = this.w.output.uploadBlock(extras));
    return e;
  }

  /** Logits [R, W] of the scored columns ([always…, extras…] or the full vocabulary) from σ-readouts [R, O]. Called inside tf.tidy. */
  private logits(e: SentenceEncoding, readout: tf.Tensor2D): tf.Tensor2D {
    if (this.w.kind === 'fused') {
      if (this.always?.Q) return qlinear(readout, e.outQ ? [this.always.Q, e.outQ] : [this.always.Q]); // one kernel, [always…, extras…]
      // The whole int8 output layer, built on first use and kept with the weights (tf.keep: a
      // first call inside tf.tidy would otherwise free it).
      const w = this.w;
      w.outputQ ??= (() => { const m = outputColumns(w.output, Int32Array.from({ length: this.c.tgtVocabSize }, (_, i) => i)); qmatrixTensors(m).forEach((t) => tf.keep(t)); return m; })();
      return qlinear(readout, w.outputQ);
    }
    if (!this.always) {
      const full = this.w.output.full();
      return linear(readout, full.W, full.b);
    }
    const always = linear(readout, this.always.W!, this.always.b);
    return e.outW ? tf.concat([always, linear(readout, e.outW, e.outB)], 1) as tf.Tensor2D : always;
  }

  sourceLength(e: SentenceEncoding): number { return e.srcLen; }

  initialState(e: SentenceEncoding): RnnState { return e.enc.init.map((t) => t.clone()); }

  decodeStep(e: SentenceEncoding, state: RnnState, prevTokens: Int32Array, opts?: { attention?: boolean }): StepOutput<RnnState> {
    const R = prevTokens.length, S = e.srcLen;
    const wantAttention = opts?.attention === true;
    const [buf, next] = tf.tidy(() => {
      const step = decoderStep(this.w, e.enc, state, prevTokens);
      const logits = this.logits(e, step.readout);
      return [wantAttention ? tf.concat([logits, step.attention], 1) : logits, step.state] as const;
    });
    const data = buf.dataSync() as Float32Array; // the one read-back of this step
    buf.dispose();
    const W = e.columns ? e.columns.length : this.c.tgtVocabSize;
    const rowWidth = wantAttention ? W + S : W;
    const logProbs = new Float32Array(R * W);
    logSoftmaxRows(data, R, W, rowWidth, logProbs);
    if (!wantAttention) return { logProbs, columnIds: e.columns, state: next };
    const attention = new Float32Array(R * S);
    for (let r = 0; r < R; r++) attention.set(data.subarray(r * rowWidth + W, (r + 1) * rowWidth), r * S);
    return { logProbs, attention, columnIds: e.columns, state: next };
  }

  /**
   * Row selection as a matmul with a 0/1 matrix [R', R] (exact: each output is one input
   * times 1 plus zeros); the wasm Gather kernel copies element by element and costs ~100 µs
   * for [4, 512], the matmul ~5 µs.
   */
  selectRows(state: RnnState, rows: Int32Array): RnnState {
    const R = state[0].shape[0];
    const sel = new Float32Array(rows.length * R);
    rows.forEach((row, i) => { sel[i * R + row] = 1; });
    return tf.tidy(() => {
      const m = tf.tensor2d(sel, [rows.length, R]);
      return state.map((s) => tf.matMul(m, s));
    });
  }

  disposeState(state: RnnState): void { for (const s of state) s.dispose(); }

  disposeEncoded(e: SentenceEncoding): void {
    const ts = [e.enc.memory, e.enc.keys, ...e.enc.init, e.outW, e.outB, ...(e.outQ ? qmatrixTensors(e.outQ) : [])];
    for (const t of ts) if (t && !t.isDisposed) t.dispose();
  }

  /** Frees the shortlist's always block (the inference weights are not touched). */
  dispose(): void {
    tf.dispose([this.always?.W, this.always?.b, ...(this.always?.Q ? qmatrixTensors(this.always.Q) : [])].filter((t): t is tf.Tensor => t !== undefined));
  }
}
