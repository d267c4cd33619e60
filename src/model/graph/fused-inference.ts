/**
 * The fused int8 inference graph: the function of seq2seq-inference.ts (the reference graph)
 * computed by three kernels of the project's own (src/backend/edge-kernels.ts registers them
 * into tfjs-backend-wasm; this file only calls them by name through tfjs, so the model side
 * still imports nothing but tfjs):
 *  - EdgeRnnLayer: one bidirectional encoder layer for a whole sentence in one call (the
 *    input projections x·W + b_x of all positions first, then only h·U per step);
 *  - EdgeDecoderStep: one decoder step for R rows in one call (attention, context, the cell's
 *    gates, nonlinearities and state update, and the σ-readout);
 *  - EdgeLinear: act(x·W + b) for the bridge and the attention keys.
 * The weights stay int8 with one float32 scale per output channel (the weight file's own
 * codes and scales when it is int8, otherwise quantized here with the file's rule): a
 * QMatrix keeps them transposed, [output channel, input], so that a dot product runs over
 * contiguous bytes. Activations are quantized per vector segment to int16 inside the
 * kernels (see edge-kernels.wat for the arithmetic and its error bounds).
 * The embedding tables and the output layer are the reference graph's (host tables, float
 * output columns through _FusedMatMul).
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelConfig } from './config.ts';
import { paramShapes, type RnnState } from './seq2seq.ts';
import { EmbeddingTable } from './embedding-table.ts';
import { OutputLayer } from './output-layer.ts';
import { quantizeInt8 } from '../storage/quantize.ts';
import type { HostParams, HostTables, SentenceMemory } from './seq2seq-inference.ts';

/** Names of the kernels (registered by src/backend/edge-kernels.ts). */
export const EDGE_KERNELS = { linear: 'EdgeLinear', rnnLayer: 'EdgeRnnLayer', decoderStep: 'EdgeDecoderStep' } as const;

/** True when the fused kernels are registered for the active backend. */
export const fusedKernelsAvailable = (): boolean => tf.getKernel(EDGE_KERNELS.decoderStep, tf.getBackend()) !== undefined;

/** One input segment of a QMatrix: `width` inputs at byte `offset` of each row, scaled by scale set `scaleSet`. */
export interface QSegment {
  width: number;
  offset: number;
  scaleSet: number;
}

/**
 * int8 weights [rows, stride] (row j = output channel j, its input segments at 8-aligned
 * offsets, zeros between), packed four codes per int32 in `codes`; `scales` [sets, rows];
 * `bias` [rows]. Padding rows (past the matrix's own N) have zero codes, scales and bias, so
 * their outputs are exactly 0; `n` = rows is the output width.
 */
export interface QMatrix {
  codes: tf.Tensor1D;
  scales: tf.Tensor1D;
  bias?: tf.Tensor1D;
  rows: number;
  n: number;
  stride: number;
  segments: QSegment[];
}

/** int8 codes of a [K, N] matrix (training layout) with one scale per column N. */
export interface Int8Matrix {
  q: Int8Array;
  scales: Float32Array;
}

/** A block of input rows of a QMatrix: the codes [K, N], how its K rows split into segments, a factor on its scales. */
interface QBlock {
  m: Int8Matrix;
  segments: number[];
  factor?: number;
}

const ceil = (x: number, m: number) => Math.ceil(x / m) * m;

/** Builds a QMatrix of N outputs (padded to `rows`) from input blocks; `bias` [N] (times nothing: give it final). */
export function qmatrix(blocks: QBlock[], N: number, bias?: Float32Array, rows = N): QMatrix {
  const segments: (QSegment & { block: number; row: number })[] = [];
  let offset = 0;
  blocks.forEach((b, i) => {
    let row = 0;
    for (const width of b.segments) {
      segments.push({ width, offset, scaleSet: i, block: i, row });
      offset += ceil(width, 8);
      row += width;
    }
    if (b.m.q.length !== row * N || b.m.scales.length !== N) throw new Error(`qmatrix: block ${i} has ${b.m.q.length} codes and ${b.m.scales.length} scales for [${row}, ${N}]`);
  });
  const stride = Math.max(16, ceil(offset, 16));
  const codes = new Int8Array(rows * stride);
  for (const s of segments) {
    const q = blocks[s.block].m.q;
    for (let k = 0; k < s.width; k++) {
      const from = (s.row + k) * N;
      for (let j = 0; j < N; j++) codes[j * stride + s.offset + k] = q[from + j];
    }
  }
  const scales = new Float32Array(blocks.length * rows);
  blocks.forEach((b, i) => { for (let j = 0; j < N; j++) scales[i * rows + j] = b.m.scales[j] * (b.factor ?? 1); });
  const padded = bias ? new Float32Array(rows) : undefined;
  if (bias && padded) padded.set(bias.subarray(0, N));
  return {
    codes: tf.tensor1d(new Int32Array(codes.buffer), 'int32'),
    scales: tf.tensor1d(scales),
    ...(padded ? { bias: tf.tensor1d(padded) } : {}),
    rows, n: rows, stride,
    segments: segments.map(({ width, offset: o, scaleSet }) => ({ width, offset: o, scaleSet })),
  };
}

/** A QMatrix of one input segment from codes already laid out per output row: codes [n, K], scales [n], bias [n]. */
export function qmatrixFromRows(codes: Int8Array, scales: Float32Array, bias: Float32Array, K: number): QMatrix {
  const n = scales.length, stride = Math.max(16, ceil(K, 16));
  if (codes.length !== n * K || bias.length !== n) throw new Error(`qmatrix: ${codes.length} codes and ${bias.length} biases for [${n}, ${K}]`);
  const packed = new Int8Array(Math.max(1, n) * stride);
  for (let j = 0; j < n; j++) packed.set(codes.subarray(j * K, (j + 1) * K), j * stride);
  return {
    codes: tf.tensor1d(new Int32Array(packed.buffer), 'int32'), scales: tf.tensor1d(scales), bias: tf.tensor1d(bias),
    rows: n, n, stride, segments: [{ width: K, offset: 0, scaleSet: 0 }],
  };
}

/** The output layer's columns `ids` as a QMatrix over σ-readouts (int8 codes, W' scales, b'). */
export function outputColumns(output: OutputLayer, ids: ArrayLike<number>): QMatrix {
  const { codes, scales, b } = output.int8Block(ids);
  return qmatrixFromRows(codes, scales, b, output.dim);
}

/** Every tensor of a QMatrix. */
export const qmatrixTensors = (m: QMatrix): tf.Tensor[] => [m.codes, m.scales, ...(m.bias ? [m.bias] : [])];

/** A GRU/LSTM cell: x·W + b_x and h·U + b_h, gate order of seq2seq.ts (GRU z r n; LSTM i f g o). */
export interface QCell {
  W: QMatrix;
  U: QMatrix;
}

export interface FusedWeights {
  kind: 'fused';
  config: ModelConfig;
  srcEmbedding: EmbeddingTable;
  tgtEmbedding: EmbeddingTable;
  encoder: { fw: QCell; bw: QCell }[];
  /** tanh(final·W + b) → s_0. */
  bridge: QMatrix;
  /** bahdanau: 2·Wk, 2·Wq (rows padded to a multiple of 4), 2·v (padded with zeros); luong-general: W. */
  attnWk?: QMatrix;
  attnWq?: QMatrix;
  attnV?: tf.Tensor1D;
  decoder: QCell;
  /** σ-readout: 2·W_o over [s; c; y], bias 2·b_o. */
  readout: QMatrix;
  output: OutputLayer;
  /** The whole output layer in int8 (all V columns), built on the first full-vocabulary step. */
  outputQ?: QMatrix;
}

/** Attributes every Edge kernel receives. */
export interface EdgeRnnLayerAttrs { cell: ModelConfig['cell']; fw: QCell; bw: QCell }
export interface EdgeDecoderStepAttrs { weights: FusedWeights }
/** `ms` share one input layout; their outputs are written side by side ([R, Σ n]). */
export interface EdgeLinearAttrs { ms: QMatrix[]; activation: 'linear' | 'sigmoid' | 'tanh' }

/** Per-column int8 codes of the weight file (matrices quantized along their last axis), by name. */
export type Int8Params = Record<string, Int8Matrix | undefined>;

/**
 * Builds the fused weights from the model's parameters: each matrix's int8 codes and scales
 * come from `int8` when the weight file has them, otherwise they are quantized here (the
 * weight file's rule, quantizeInt8 per output channel). Biases stay float32.
 */
export function prepareFusedInference(host: HostParams, c: ModelConfig, tables: HostTables = {}, int8: Int8Params = {}): FusedWeights {
  const shapes = paramShapes(c);
  for (const [name, shape] of Object.entries(shapes)) {
    const n = shape.reduce((a, b) => a * b, 1);
    if (!host[name] || host[name].length !== n) throw new Error(`inference weights: ${name} must have ${n} values [${shape}], got ${host[name]?.length ?? 'none'}`);
  }
  const Q = (name: string): Int8Matrix => {
    const given = int8[name];
    if (given) return given;
    return quantizeInt8(host[name], shapes[name], shapes[name].length - 1);
  };
  const N = (name: string) => shapes[name][1];
  const C = 2 * c.encHidden;
  const cell = (pre: string, xSegments: number[]): QCell => ({
    W: qmatrix([{ m: Q(`${pre}.W`), segments: xSegments }], N(`${pre}.W`), host[`${pre}.bx`]),
    U: qmatrix([{ m: Q(`${pre}.U`), segments: [shapes[`${pre}.U`][0]] }], N(`${pre}.U`), host[`${pre}.bh`]),
  });
  const Ap = ceil(c.attnDim, 4);
  const attn: Partial<FusedWeights> = {};
  if (c.attention === 'bahdanau') {
    attn.attnWk = qmatrix([{ m: Q('attn.Wk'), segments: [C], factor: 2 }], c.attnDim, undefined, Ap);
    attn.attnWq = qmatrix([{ m: Q('attn.Wq'), segments: [c.decHidden], factor: 2 }], c.attnDim, undefined, Ap);
    const v = new Float32Array(Ap);
    for (let a = 0; a < c.attnDim; a++) v[a] = 2 * host['attn.v'][a];
    attn.attnV = tf.tensor1d(v);
  } else if (c.attention === 'luong-general') {
    attn.attnWk = qmatrix([{ m: Q('attn.W'), segments: [C] }], c.decHidden);
  }
  const srcEmbedding = tables.src ?? EmbeddingTable.fromFloat32(host['src_embedding'], c.srcVocabSize, c.embDim);
  const tgtEmbedding = tables.tgt ?? EmbeddingTable.fromFloat32(host['tgt_embedding'], c.tgtVocabSize, c.embDim);
  return {
    kind: 'fused', config: c, srcEmbedding, tgtEmbedding,
    encoder: Array.from({ length: c.encLayers }, (_, l) => {
      const inDim = l === 0 ? c.embDim : C;
      return { fw: cell(`enc.${l}.fw`, [inDim]), bw: cell(`enc.${l}.bw`, [inDim]) };
    }),
    bridge: qmatrix([{ m: Q('bridge.W'), segments: [C] }], c.decHidden, host['bridge.b']),
    ...attn,
    decoder: cell('dec', [c.embDim, C]), // x = [y; ctx]
    readout: qmatrix([{ m: Q('readout.W'), segments: [c.decHidden, C, c.embDim], factor: 2 }], c.outDim, Float32Array.from(host['readout.b'], (x) => 2 * x)),
    output: c.tieOutput ? OutputLayer.tied(tgtEmbedding, host['out.b']) : OutputLayer.dense(host['out.W'], c.outDim, c.tgtVocabSize, host['out.b']),
  };
}

/** act(x·W + b) for x [R, K] through EdgeLinear → [R, W.n]; several matrices give their outputs side by side. */
export function qlinear(x: tf.Tensor2D, m: QMatrix | QMatrix[], activation: EdgeLinearAttrs['activation'] = 'linear'): tf.Tensor2D {
  const attrs: EdgeLinearAttrs = { ms: Array.isArray(m) ? m : [m], activation };
  return tf.engine().runKernel(EDGE_KERNELS.linear, { x }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor2D;
}

/** Encodes one sentence (no padding) with EdgeRnnLayer per layer. Call inside tf.tidy. */
export function encodeSentenceFused(w: FusedWeights, srcIds: readonly number[]): SentenceMemory {
  const c = w.config, S = srcIds.length;
  let x = tf.tensor2d(w.srcEmbedding.lookup(srcIds), [S, c.embDim]);
  let final: tf.Tensor2D | undefined;
  for (const layer of w.encoder) {
    const attrs: EdgeRnnLayerAttrs = { cell: c.cell, fw: layer.fw, bw: layer.bw };
    [x, final] = tf.engine().runKernel(EDGE_KERNELS.rnnLayer, { x }, attrs as unknown as tf.NamedAttrMap) as unknown as [tf.Tensor2D, tf.Tensor2D];
  }
  const memory = x; // [S, C]
  const h0 = qlinear(final!, w.bridge, 'tanh'); // [1, D]
  const init: RnnState = c.cell === 'gru' ? [h0] : [h0, tf.zerosLike(h0)];
  const keys = c.attention === 'luong-dot' ? memory : qlinear(memory, w.attnWk!); // bahdanau [S, Ap]; luong [S, D]
  return { memory, keys, init };
}

/** One decoder step for R rows through EdgeDecoderStep (same contract as seq2seq-inference.ts decoderStep). */
export function decoderStepFused(w: FusedWeights, m: SentenceMemory, state: RnnState, prevIds: Int32Array) {
  const c = w.config, R = prevIds.length;
  const y = tf.tensor2d(w.tgtEmbedding.lookup(prevIds), [R, c.embDim]);
  const inputs: tf.NamedTensorMap = { y, h: state[0], memory: m.memory, keys: m.keys, ...(c.cell === 'lstm' ? { c: state[1] } : {}) };
  const attrs: EdgeDecoderStepAttrs = { weights: w };
  const out = tf.engine().runKernel(EDGE_KERNELS.decoderStep, inputs, attrs as unknown as tf.NamedAttrMap) as unknown as tf.Tensor2D[];
  const next: RnnState = c.cell === 'gru' ? [out[0]] : [out[0], out[1]];
  const [readout, attention] = c.cell === 'gru' ? [out[1], out[2]] : [out[2], out[3]];
  return { state: next, readout, attention };
}
