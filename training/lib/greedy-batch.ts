/**
 * Batched greedy decoding of many different sources at once on the training graph, for
 * dev BLEU during training. Output lengths follow the search's own rule (decode-limits.ts)
 * applied to each batch's longest source.
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelConfig } from '../../src/model/graph/config.ts';
import { resolveMaxLength } from '../../src/model/search/decode-limits.ts';
import { BOS_ID, EOS_ID } from '../../src/model/text/special-tokens.ts';
import { decoderStep, embed, encode, outputLogits, type Encoded, type Params, type RnnState } from '../../src/model/graph/seq2seq.ts';
import { hostBatch, type EncodedPair } from './batches.ts';

/** Greedy outputs (ids without eos) for `srcs`, decoded `batchRows` at a time, sorted by length. */
export function greedyDecodeAll(p: Params, c: ModelConfig, srcs: number[][], batchRows = 96): number[][] {
  const order = [...srcs.keys()].sort((a, b) => srcs[a].length - srcs[b].length);
  const out: number[][] = new Array(srcs.length);
  for (let i = 0; i < order.length; i += batchRows) {
    const idx = order.slice(i, i + batchRows);
    const pairs: EncodedPair[] = idx.map((j) => ({ src: srcs[j], tgt: [] }));
    const h = hostBatch(pairs, [...pairs.keys()]);
    const maxLen = resolveMaxLength(h.S, {});
    const res = greedyBatch(p, c, tf.tensor2d(h.src, [h.B, h.S], 'int32'), tf.tensor2d(h.srcMask, [h.B, h.S]), maxLen);
    idx.forEach((j, r) => { out[j] = res[r]; });
  }
  return out;
}

/** Greedy decoding of one padded batch (disposes src and srcMask). */
function greedyBatch(p: Params, c: ModelConfig, src: tf.Tensor2D, srcMask: tf.Tensor2D, maxLen: number): number[][] {
  const B = src.shape[0];
  const enc = tf.tidy(() => encode(p, c, src, srcMask, undefined) as unknown as tf.TensorContainer) as unknown as Encoded;
  src.dispose(); srcMask.dispose();
  let state: RnnState = enc.init;
  let prev = new Int32Array(B).fill(BOS_ID);
  const outs: number[][] = Array.from({ length: B }, () => []);
  const done = new Array(B).fill(false);
  for (let t = 0; t < maxLen && done.includes(false); t++) {
    const [next, ids] = tf.tidy(() => {
      const e = embed(p['tgt_embedding'], tf.tensor1d(prev, 'int32')) as tf.Tensor2D;
      const step = decoderStep(p, c, enc, state, e);
      return [step.state, tf.argMax(outputLogits(p, c, step.readout), 1)] as const;
    });
    if (state !== enc.init) state.forEach((s) => s.dispose());
    state = next;
    prev = new Int32Array(ids.dataSync());
    ids.dispose();
    for (let b = 0; b < B; b++) {
      if (done[b]) continue;
      if (prev[b] === EOS_ID) done[b] = true;
      else outs[b].push(prev[b]);
    }
  }
  state.forEach((s) => s.dispose());
  for (const x of [enc.memory, enc.keys, enc.maskBias, ...enc.init]) if (x && !x.isDisposed) x.dispose();
  return outs;
}
