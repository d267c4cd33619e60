/**
 * The Seq2Seq model seen through the SearchModel interface: one source sentence, R
 * hypothesis rows sharing one encoder memory, one backend read per decoding step
 * (log-probabilities and, when asked, attention come back in a single buffer), and an
 * optional per-sentence output shortlist.
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelConfig } from './config.ts';
import { BOS_ID, EOS_ID } from './special-tokens.ts';
import type { SearchModel, StepOutput } from './search-model.ts';
import { decoderStep, embed, encode, outputLogits, type Encoded, type Params, type RnnState } from './seq2seq.ts';

/** Encoder output of one sentence plus the output columns to score. */
export interface SentenceEncoding {
  enc: Encoded;
  srcLen: number;
  /** Shortlisted vocabulary ids (columns), or undefined for the full vocabulary. */
  columns?: Int32Array;
  /** Output matrix [O, K] and bias [K] restricted to `columns`. */
  outW?: tf.Tensor2D;
  outB?: tf.Tensor1D;
}

export type ShortlistFn = (srcIds: readonly number[]) => Int32Array | undefined;

export class Seq2SeqSearchModel implements SearchModel<SentenceEncoding, RnnState> {
  readonly eosId = EOS_ID;
  readonly bosId = BOS_ID;

  /** `p` must come from prepareInference (derived tensors present). */
  constructor(readonly p: Params, readonly c: ModelConfig, readonly shortlist?: ShortlistFn) {}

  encode(srcIds: number[]): SentenceEncoding {
    const columns = this.shortlist?.(srcIds);
    return tf.tidy(() => {
      const S = srcIds.length;
      const enc = encode(this.p, this.c, tf.tensor2d(srcIds, [1, S], 'int32'), tf.ones([1, S]) as tf.Tensor2D, undefined);
      const out: SentenceEncoding = { enc: { ...enc, maskBias: null }, srcLen: S, columns };
      if (columns) {
        const cols = tf.tensor1d(columns, 'int32');
        out.outW = tf.gather(this.p['out.W'], cols, 1) as tf.Tensor2D; // [O, K]
        out.outB = tf.gather(this.p['out.b'], cols) as tf.Tensor1D; // [K]
      }
      return out as unknown as tf.TensorContainer;
    }) as unknown as SentenceEncoding;
  }

  sourceLength(e: SentenceEncoding): number { return e.srcLen; }

  initialState(e: SentenceEncoding): RnnState { return e.enc.init.map((t) => t.clone()); }

  decodeStep(e: SentenceEncoding, state: RnnState, prevTokens: Int32Array, opts?: { attention?: boolean }): StepOutput<RnnState> {
    const R = prevTokens.length;
    const wantAttention = opts?.attention === true;
    const [buf, next] = tf.tidy(() => {
      const emb = embed(this.p['tgt_embedding'], tf.tensor1d(prevTokens, 'int32')) as tf.Tensor2D; // [R, E]
      const step = decoderStep(this.p, this.c, e.enc, state, emb);
      const logits = e.outW ? tf.add(tf.matMul(step.readout, e.outW), e.outB!) as tf.Tensor2D : outputLogits(this.p, this.c, step.readout);
      const logp = tf.logSoftmax(logits); // [R, W]
      return [wantAttention ? tf.concat([logp, step.attention], 1) : logp, step.state] as const;
    });
    const data = buf.dataSync() as Float32Array; // the one read-back of this step
    buf.dispose();
    const W = e.columns ? e.columns.length : this.c.tgtVocabSize;
    if (!wantAttention) return { logProbs: data, columnIds: e.columns, state: next };
    const S = e.srcLen, rowWidth = W + S;
    const logProbs = new Float32Array(R * W), attention = new Float32Array(R * S);
    for (let r = 0; r < R; r++) {
      logProbs.set(data.subarray(r * rowWidth, r * rowWidth + W), r * W);
      attention.set(data.subarray(r * rowWidth + W, (r + 1) * rowWidth), r * S);
    }
    return { logProbs, attention, columnIds: e.columns, state: next };
  }

  selectRows(state: RnnState, rows: Int32Array): RnnState {
    return tf.tidy(() => {
      const idx = tf.tensor1d(rows, 'int32');
      return state.map((s) => tf.gather(s, idx) as tf.Tensor2D);
    });
  }

  disposeState(state: RnnState): void { for (const s of state) s.dispose(); }

  disposeEncoded(e: SentenceEncoding): void {
    const ts = [e.enc.memory, e.enc.keys, ...e.enc.init, e.outW, e.outB];
    for (const t of ts) if (t && !t.isDisposed) t.dispose();
  }
}
