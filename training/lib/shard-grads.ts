/**
 * The gradient of one batch shard: forward, label-smoothed loss, backward. Shared by the
 * single-process trainer and the data-parallel gradient worker so both compute exactly
 * the same thing. Dropout seeds derive from (seed, step, shard).
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelConfig } from '../../src/model/graph/config.ts';
import { maskedLoss, unrolledLogits } from '../../src/model/graph/seq2seq.ts';
import { mixSeed, mulberry32 } from '../../src/model/graph/rng.ts';
import { disposeBatch, toTensors, type HostBatch } from './batches.ts';

export interface ShardGrads { loss: number; tokens: number; grads: Record<string, tf.Tensor> }

export function shardGrads(vars: Record<string, tf.Variable>, model: ModelConfig, h: HostBatch, tgtIn: Int32Array, seed: number, step: number, shard: number, smoothing: number): ShardGrads {
  const b = toTensors(h, tgtIn);
  const seeds = mulberry32(shard === 0 ? mixSeed(seed, step, 2) : mixSeed(seed, step, 2, shard));
  const seedFn = () => Math.floor(seeds() * 2 ** 31);
  const { value, grads } = tf.variableGrads(() => maskedLoss(unrolledLogits(vars, model, b, seedFn), b.tgtOut, b.tgtMask, smoothing));
  const byName: Record<string, tf.Tensor> = {};
  for (const [k, v] of Object.entries(vars)) byName[k] = grads[v.name];
  const loss = value.dataSync()[0];
  value.dispose();
  disposeBatch(b);
  return { loss, tokens: h.tgtMask.reduce((a, m) => a + m, 0), grads: byName };
}

/** Splits a host batch by rows into two shards with about equal target tokens. */
export function splitHostBatch(h: HostBatch): [HostBatch, HostBatch] {
  const rowTokens = Array.from({ length: h.B }, (_, r) => h.tgtMask.subarray(r * h.T, (r + 1) * h.T).reduce((a, m) => a + m, 0));
  const total = rowTokens.reduce((a, b) => a + b, 0);
  let cut = 0, acc = 0;
  while (cut < h.B - 1 && acc + rowTokens[cut] <= total / 2) acc += rowTokens[cut++];
  cut = Math.min(Math.max(cut, 1), h.B - 1);
  const rows = (from: number, to: number): HostBatch => ({
    B: to - from, S: h.S, T: h.T,
    src: h.src.slice(from * h.S, to * h.S), srcMask: h.srcMask.slice(from * h.S, to * h.S),
    tgtIn: h.tgtIn.slice(from * h.T, to * h.T), tgtOut: h.tgtOut.slice(from * h.T, to * h.T), tgtMask: h.tgtMask.slice(from * h.T, to * h.T),
  });
  return [rows(0, cut), rows(cut, h.B)];
}
