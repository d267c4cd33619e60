/**
 * Host-side pieces of the inference weights: the embedding table (float32 or per-row int8)
 * and the output layer that uploads only the columns a step scores.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { EmbeddingTable } from '../../src/model/graph/embedding-table.ts';
import { OutputLayer } from '../../src/model/graph/output-layer.ts';
import { quantizeInt8, dequantizeInt8 } from '../../src/model/storage/quantize.ts';
import { initBackend } from '../../src/backend/node-wasm.ts';

const V = 7, E = 3;
const values = Float32Array.from({ length: V * E }, (_, i) => Math.cos(i) * (i % 4));

describe('EmbeddingTable', () => {
  it('looks up float32 rows and scales them on request', () => {
    const t = EmbeddingTable.fromFloat32(values, V, E);
    expect(t.lookup([2, 0])).toEqual(Float32Array.of(...values.subarray(6, 9), ...values.subarray(0, 3)));
    const out = new Float32Array(5);
    t.copyRow(1, out, 2, 2);
    expect(Array.from(out.subarray(2))).toEqual(Array.from(values.subarray(3, 6), (x) => Math.fround(2 * x)));
  });

  it('keeps int8 rows that equal the dequantized file data, in a quarter of the bytes', () => {
    const { q, scales } = quantizeInt8(values, [V, E], 0);
    const t = EmbeddingTable.fromInt8(q, scales, V, E);
    expect(t.lookup([0, 1, 2, 3, 4, 5, 6])).toEqual(dequantizeInt8(q, scales, [V, E], 0));
    expect(t.bytes).toBe(V * E + 4 * V);
  });

  it('names an id outside the vocabulary', () => {
    const t = EmbeddingTable.fromFloat32(values, V, E);
    expect(() => t.lookup([7])).toThrow('token id 7 is outside the vocabulary of 7');
    expect(() => t.lookup([-1])).toThrow(/token id -1/);
    expect(() => EmbeddingTable.fromFloat32(values, V + 1, E)).toThrow(/21 values for \[8, 3\]/);
  });
});

describe('OutputLayer', () => {
  beforeAll(async () => { await initBackend('wasm'); }, 60_000);
  const bias = Float32Array.from({ length: V }, (_, i) => i / 10);
  /** b' = b − 1ᵀW, with column v of W given by `col(v)` (E values). */
  const folded = (col: (v: number) => number[]) => Float32Array.from(bias, (x, v) => x - col(v).reduce((a, y) => a + y, 0));

  it('builds the columns of a tied layer from the embedding table: W′ = 2·Eᵀ, b′ = b − 1ᵀEᵀ', () => {
    const layer = OutputLayer.tied(EmbeddingTable.fromFloat32(values, V, E), bias);
    const { W, b } = layer.block([4, 1]);
    for (let o = 0; o < E; o++) {
      expect(W[o * 2]).toBe(Math.fround(2 * values[4 * E + o]));
      expect(W[o * 2 + 1]).toBe(Math.fround(2 * values[1 * E + o]));
    }
    const bFolded = folded((v) => Array.from(values.subarray(v * E, (v + 1) * E)));
    expect(Array.from(b)).toEqual([bFolded[4], bFolded[1]]);
    expect(layer.bias).toEqual(bFolded);
  });

  it('uploads the whole layer once (W′ = 2·W, b′ = b − 1ᵀW), equal to the block of every id, and frees it on dispose', () => {
    const Wd = Float32Array.from({ length: E * V }, (_, i) => i - 10);
    const layer = OutputLayer.dense(Wd, E, V, bias);
    const before = tf.memory().numTensors;
    const full = layer.full();
    expect(layer.full()).toBe(full!);
    expect(full.W.shape).toEqual([1, E, V]);
    expect(full.W.dataSync()).toEqual(Float32Array.from(Wd, (x) => 2 * x));
    expect(full.b.dataSync()).toEqual(folded((v) => Array.from({ length: E }, (_, o) => Wd[o * V + v])));
    layer.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(() => layer.block([V])).toThrow('output id 7 is outside the vocabulary of 7');
  });

  it('keeps the full layer uploaded when first asked for inside tf.tidy (as a decoding step does)', () => {
    const layer = OutputLayer.dense(Float32Array.from({ length: E * V }, (_, i) => i), E, V, bias);
    let full: ReturnType<OutputLayer['full']> | undefined;
    tf.tidy(() => { full = layer.full(); });
    expect(full!.W.isDisposed).toBe(false);
    expect(layer.full()).toBe(full!);
    layer.dispose();
    expect(full!.W.isDisposed).toBe(true);
  });
});
