/**
 * The Seq2Seq model seen through the SearchModel interface: one source sentence, R
 * hypothesis rows sharing one encoder memory, one backend read per decoding step
 * (logits and, when asked, attention come back in a single buffer; the log-softmax is
 * taken on the host), and an optional per-sentence set of output columns.
 * Runs the inference graph of seq2seq-inference.ts.
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelConfig } from './config.ts';
import { BOS_ID, EOS_ID } from './special-tokens.ts';
import type { SearchModel, StepOutput } from './search-model.ts';
import type { RnnState } from './seq2seq.ts';
import { decoderStep, encodeSentence, linear, logSoftmaxRows, type InferenceWeights, type Matrix, type SentenceMemory } from './seq2seq-inference.ts';
import { outputColumns, qlinear, qmatrixTensors, type QMatrix } from './graph/fused-inference.ts';

/** Encoder output of one sentence plus the output columns to score. */
export interface SentenceEncoding {
  enc: SentenceMemory;
  srcLen: number;
  /** Scored vocabulary ids (columns), or undefined for the full vocabulary. */
  columns?: Int32Array;
  /** Output matrix [1, O, K] and bias [K] of per-sentence columns. */
  outW?: Matrix;
  outB?: tf.Tensor1D;
  /** The fused graph's int8 form of those columns. */
  outQ?: QMatrix;
}

export type ShortlistFn = (srcIds: readonly number[]) => Int32Array | undefined;

export class Seq2SeqSearchModel implements SearchModel<SentenceEncoding, RnnState> {
  readonly eosId = EOS_ID;
  readonly bosId = BOS_ID;
  readonly c: ModelConfig;

  /** `shortlist` restricts each sentence's scored columns (gathered from the output layer). */
  constructor(readonly w: InferenceWeights, readonly shortlist?: ShortlistFn) {
    this.c = w.config;
  }

  encode(srcIds: number[]): SentenceEncoding {
    const columns = this.shortlist?.(srcIds);
    return tf.tidy(() => {
      const out: SentenceEncoding = { enc: encodeSentence(this.w, srcIds), srcLen: srcIds.length, columns };
      if (columns && this.w.kind === 'fused') out.outQ = outputColumns(this.w.output, columns);
      else if (columns) ({ W: out.outW, b: out.outB } = this.w.output.uploadBlock(columns)); // [1, O, K], [K]
      return out as unknown as tf.TensorContainer;
    }) as unknown as SentenceEncoding;
  }

  /** Logits [R, W] of the scored columns from σ-readouts [R, O]. Called inside tf.tidy. */
  protected logits(e: SentenceEncoding, readout: tf.Tensor2D): tf.Tensor2D {
    if (this.w.kind === 'fused') {
      if (e.outQ) return qlinear(readout, e.outQ);
      // The whole int8 output layer, built on first use and kept with the weights (tf.keep: a
      // first call inside tf.tidy would otherwise free it).
      this.w.outputQ ??= (() => { const m = outputColumns(this.w.output, Int32Array.from({ length: this.c.tgtVocabSize }, (_, i) => i)); qmatrixTensors(m).forEach((t) => tf.keep(t)); return m; })();
      return qlinear(readout, this.w.outputQ);
    }
    if (e.outW) return linear(readout, e.outW, e.outB);
    const full = this.w.output.full();
    return linear(readout, full.W, full.b);
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
}
