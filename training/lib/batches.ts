/**
 * Length-bucketed batching. Pairs are sorted by length (ties broken by a seeded shuffle),
 * cut into batches under a token budget (rows × longest sequence ≤ maxTokens) and an
 * attention budget (rows × longest² ≤ maxAttnCells, which bounds training memory), and the
 * batch order is shuffled. The plan for an epoch depends only on (seed, epoch).
 */
import * as tf from '@tensorflow/tfjs';
import { BOS_ID, EOS_ID, PAD_ID } from '../../src/model/text/special-tokens.ts';
import type { Batch } from '../../src/model/graph/seq2seq.ts';
import { mixSeed, mulberry32, shuffled } from '../../src/model/graph/rng.ts';

/** One tokenised training pair (ids without bos/eos). */
export interface EncodedPair { src: number[]; tgt: number[] }

/** The batches of one epoch, as lists of pair indices. */
export function planEpoch(pairs: readonly EncodedPair[], maxTokens: number, maxRows: number, seed: number, epoch: number, maxAttnCells = Infinity): number[][] {
  const next = mulberry32(mixSeed(seed, epoch, 1));
  const order = shuffled([...pairs.keys()], next);
  const len = (i: number) => Math.max(pairs[i].src.length, pairs[i].tgt.length + 1);
  order.sort((a, b) => len(a) - len(b)); // stable: the shuffle breaks ties
  const batches: number[][] = [];
  let cur: number[] = [];
  let longest = 0;
  for (const i of order) {
    const l = len(i);
    const L = Math.max(longest, l);
    // rows × L tokens, and rows × L² attention cells (the attention tape holds B·S·T·A floats).
    if (cur.length > 0 && ((cur.length + 1) * L > maxTokens || (cur.length + 1) * L * L > maxAttnCells || cur.length >= maxRows)) {
      batches.push(cur);
      cur = [];
      longest = 0;
    }
    cur.push(i);
    longest = Math.max(longest, l);
  }
  if (cur.length) batches.push(cur);
  return shuffled(batches, next);
}

/** Host-side arrays of a padded batch (also used to mix in scheduled-sampling tokens). */
export interface HostBatch { B: number; S: number; T: number; src: Int32Array; srcMask: Float32Array; tgtIn: Int32Array; tgtOut: Int32Array; tgtMask: Float32Array }

export function hostBatch(pairs: readonly EncodedPair[], idx: readonly number[]): HostBatch {
  const B = idx.length;
  const S = Math.max(1, ...idx.map((i) => pairs[i].src.length));
  const T = Math.max(...idx.map((i) => pairs[i].tgt.length)) + 1;
  const src = new Int32Array(B * S).fill(PAD_ID), srcMask = new Float32Array(B * S);
  const tgtIn = new Int32Array(B * T).fill(PAD_ID), tgtOut = new Int32Array(B * T).fill(PAD_ID), tgtMask = new Float32Array(B * T);
  idx.forEach((pi, b) => {
    const { src: s, tgt: t } = pairs[pi];
    s.forEach((id, j) => { src[b * S + j] = id; srcMask[b * S + j] = 1; });
    tgtIn[b * T] = BOS_ID;
    t.forEach((id, j) => { tgtIn[b * T + j + 1] = id; tgtOut[b * T + j] = id; });
    tgtOut[b * T + t.length] = EOS_ID;
    for (let j = 0; j <= t.length; j++) tgtMask[b * T + j] = 1;
  });
  return { B, S, T, src, srcMask, tgtIn, tgtOut, tgtMask };
}

/** Uploads a host batch as tensors (the caller disposes them). */
export function toTensors(h: HostBatch, tgtIn: Int32Array = h.tgtIn): Batch {
  return {
    src: tf.tensor2d(h.src, [h.B, h.S], 'int32'),
    srcMask: tf.tensor2d(h.srcMask, [h.B, h.S]),
    tgtIn: tf.tensor2d(tgtIn, [h.B, h.T], 'int32'),
    tgtOut: tf.tensor2d(h.tgtOut, [h.B, h.T], 'int32'),
    tgtMask: tf.tensor2d(h.tgtMask, [h.B, h.T]),
  };
}

export function disposeBatch(b: Batch): void {
  for (const t of Object.values(b)) t.dispose();
}
