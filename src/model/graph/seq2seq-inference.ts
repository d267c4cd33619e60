/**
 * The inference graph of the Seq2Seq model in seq2seq.ts: the same function, regrouped
 * into fewer and cheaper tfjs-backend-wasm kernels for decoding one sentence (R beam rows
 * sharing one encoder memory). Training keeps the graph of seq2seq.ts; this file is built
 * once from its parameters by `prepareInference` and is what every translation runs.
 *
 * Each rewrite below is exact in real arithmetic; tests/unit/seq2seq-inference.test.ts
 * checks the two graphs against each other (GRU/LSTM × every attention, 1–2 layers).
 * Costs are tfjs 4.22 wasm (SIMD) on this project's 2-core EPYC (bench/roofline.ts):
 *  1. Embedding rows are looked up on the host and uploaded (the wasm Gather kernel copies
 *     one element at a time: ~60 µs for one 256-wide row).
 *  2. Every gate is its own fused matmul (bias and sigmoid inside the kernel) instead of
 *     one wide matmul followed by tf.split (a SplitV costs ~40 µs, 10 small ops' worth).
 *  3. The decoder cell's input [y; c] and recurrent h are concatenated once per step, so a
 *     gate is one matmul: z = σ([y; c; h]·[W_z; U_z] + b_xz + b_hz).
 *  4. tanh runs scalar libm code on wasm (~11 ns/element, XNNPACK's sigmoid ~2), and
 *     tanh(u) = 2σ(2u) − 1. Bahdanau scores vᵀtanh(u) = (2v)ᵀσ(2u) − Σv: the constant
 *     cancels in the softmax, so Wk, Wq and v are stored doubled and tanh becomes σ.
 *  5. The readout r = tanh(a) feeds only the output layer: r·W + b = σ(2a)·2W + (b − 1ᵀW),
 *     so the readout is one fused matmul with σ and the output weights absorb the rest.
 *  6. Log-softmax over the scored columns is left to the caller, on the one read-back.
 * Memory: the weights are rearranged on the host and each device tensor is uploaded once
 * in its final form (wasm memory never shrinks, so load-time temporaries would stay); the
 * embedding tables stay on the host (int8 when the file is int8), and so does the output
 * layer, of which a step uploads only the columns it scores (OutputLayer).
 * Shapes: R rows, S source length, E embDim, H encHidden, C = 2H, D decHidden, A attnDim,
 * O outDim, V tgtVocabSize, In = the input width of an encoder layer.
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelConfig } from './config.ts';
import { paramShapes, type RnnState } from './seq2seq.ts';
import { EmbeddingTable } from './embedding-table.ts';
import { addVectors, colBlock, hostMatrix, scaled, segment, stackRows, type HostMatrix } from './host-matrix.ts';
import { OutputLayer } from './output-layer.ts';
import { decoderStepFused, encodeSentenceFused, type FusedWeights } from './fused-inference.ts';

/** A weight matrix [K, N] stored as [1, K, N], the shape the _FusedMatMul kernel takes. */
export type Matrix = tf.Tensor3D;

/** Uploads a host matrix [K, N] as a Matrix. */
const upload = (m: HostMatrix): Matrix => tf.tensor3d(m.data, [1, m.rows, m.cols]);

/**
 * x·W + b, optionally through σ, as one _FusedMatMul kernel called directly: tf.fused.matMul
 * wraps the kernel in a customGrad and reshapes W at every call, ~25% of a small matmul's
 * time here. x [R, K], W [1, K, N], b [N] → [R, N]. The bias must stay the same tensor from
 * call to call: XNNPACK caches its packed weights per (W, b) pair.
 */
export function linear(x: tf.Tensor2D, W: Matrix, bias?: tf.Tensor1D, activation: 'linear' | 'sigmoid' = 'linear'): tf.Tensor2D {
  const [R, K] = x.shape;
  const inputs = { a: tf.reshape(x, [1, R, K]), b: W, ...(bias ? { bias } : {}) };
  const y = tf.engine().runKernel('_FusedMatMul', inputs, { transposeA: false, transposeB: false, activation, leakyreluAlpha: 0 }) as tf.Tensor;
  return tf.reshape(y, [R, W.shape[2]]);
}

/**
 * One GRU/LSTM cell split per gate over the concatenation [x; h] (rewrites 2–3), so that
 * a gate is one fused matmul with a constant bias: z = σ([x; h]·[W_z; U_z] + b_xz + b_hz).
 */
export interface CellWeights {
  /** Gates over [x; h] [In + Hc, Hc] with biases b_x + b_h: GRU z, r; LSTM i, f, g, o. */
  gateW: Matrix[];
  gateB: tf.Tensor1D[];
  /** GRU candidate n = tanh(x·W_n + b_xn + r ⊙ (h·U_n + b_hn)): W_n [In, Hc], b_xn, U_n [Hc, Hc], b_hn. */
  xnW?: Matrix;
  xnB?: tf.Tensor1D;
  Un?: Matrix;
  bhn?: tf.Tensor1D;
}

/**
 * The weights of either graph: this file's float32 reference graph, or the fused int8 graph
 * of graph/fused-inference.ts (same function, own wasm kernels). encodeSentence and
 * decoderStep run whichever they are given.
 */
export type InferenceWeights = ReferenceWeights | FusedWeights;

export interface ReferenceWeights {
  kind: 'reference';
  config: ModelConfig;
  /** Host embedding tables [V, E] (rewrite 1). */
  srcEmbedding: EmbeddingTable;
  tgtEmbedding: EmbeddingTable;
  /** Per encoder layer, the forward and backward cells (In = E, then C). */
  encoder: { fw: CellWeights; bw: CellWeights }[];
  /** Bridge s_0 = tanh([→h_S; ←h_1]·W + b): [C, D], [D]. */
  bridgeW: Matrix;
  bridgeB: tf.Tensor1D;
  /** bahdanau: 2·Wk [C, A], 2·Wq [D, A], 2·v [A, 1] (rewrite 4); luong-general: Wk = W [C, D]. */
  attnWk?: tf.Tensor2D;
  attnWq?: tf.Tensor2D;
  attnV?: tf.Tensor2D;
  /** The decoder cell, input x = [y; c] (In = E + C). */
  decoder: CellWeights;
  /** Readout for σ (rewrite 5): 2·W_o [D+C+E, O], 2·b_o [O]. */
  readoutW: Matrix;
  readoutB: tf.Tensor1D;
  /** Output layer over σ readouts: 2·W [O, V] and b − 1ᵀW [V], on the host. */
  output: OutputLayer;
}

/** The model's parameters on the host, by training name (layouts of paramShapes). */
export type HostParams = Record<string, Float32Array>;

/** Host embedding tables to use instead of float32 copies of the parameters (e.g. int8 ones). */
export interface HostTables {
  src?: EmbeddingTable;
  tgt?: EmbeddingTable;
}

/** Encoder output of one sentence, as the decoder step reads it. */
export interface SentenceMemory {
  /** Encoder outputs [S, C]. */
  memory: tf.Tensor2D;
  /** bahdanau: 2·memory·Wk [S, A]; luong: keysᵀ [D, S] (memory·W or memory itself). */
  keys: tf.Tensor2D;
  /** Initial decoder state, [1, D] each. */
  init: RnnState;
}

// ---------------------------------------------------------------- building the weights

/** Splits a cell's W [In, gH], U [H, gH], b_x, b_h (gate order of seq2seq.ts cellStep) per gate. */
function cellWeights(cell: ModelConfig['cell'], W: HostMatrix, U: HostMatrix, bx: Float32Array, bh: Float32Array): CellWeights {
  const H = U.rows;
  const gates = cell === 'gru' ? [0, 1] : [0, 1, 2, 3]; // GRU n is kept apart: r multiplies only its h part
  const w: CellWeights = {
    gateW: gates.map((k) => upload(stackRows(colBlock(W, k, H), colBlock(U, k, H)))),
    gateB: gates.map((k) => tf.tensor1d(addVectors(segment(bx, k, H), segment(bh, k, H)))),
  };
  if (cell === 'gru') {
    Object.assign(w, { xnW: upload(colBlock(W, 2, H)), xnB: tf.tensor1d(segment(bx, 2, H)), Un: upload(colBlock(U, 2, H)), bhn: tf.tensor1d(segment(bh, 2, H)) });
  }
  return w;
}

/**
 * Builds the inference weights from the model's parameters on the host (training names
 * and layouts, see paramShapes): every device tensor is uploaded once in its final form, so
 * loading leaves no dead device memory behind. `tables` replaces the float32 embedding
 * tables (an int8 file's tables stay int8). The caller owns the result (disposeInference).
 */
export function prepareInference(host: HostParams, c: ModelConfig, tables: HostTables = {}): ReferenceWeights {
  const shapes = paramShapes(c);
  for (const [name, shape] of Object.entries(shapes)) {
    const n = shape.reduce((a, b) => a * b, 1);
    if (!host[name] || host[name].length !== n) throw new Error(`inference weights: ${name} must have ${n} values [${shape}], got ${host[name]?.length ?? 'none'}`);
  }
  const M = (name: string, factor = 1) => {
    const m = hostMatrix(host[name], shapes[name][0], shapes[name][1]);
    return factor === 1 ? m : scaled(m, factor);
  };
  const cellOf = (pre: string) => cellWeights(c.cell, M(`${pre}.W`), M(`${pre}.U`), host[`${pre}.bx`], host[`${pre}.bh`]);
  const srcEmbedding = tables.src ?? EmbeddingTable.fromFloat32(host['src_embedding'], c.srcVocabSize, c.embDim);
  const tgtEmbedding = tables.tgt ?? EmbeddingTable.fromFloat32(host['tgt_embedding'], c.tgtVocabSize, c.embDim);
  const attn = c.attention === 'bahdanau'
    ? { attnWk: M('attn.Wk', 2), attnWq: M('attn.Wq', 2), attnV: M('attn.v', 2) }
    : c.attention === 'luong-general' ? { attnWk: M('attn.W') } : {};
  return {
    kind: 'reference', config: c, srcEmbedding, tgtEmbedding,
    encoder: Array.from({ length: c.encLayers }, (_, l) => ({ fw: cellOf(`enc.${l}.fw`), bw: cellOf(`enc.${l}.bw`) })),
    decoder: cellOf('dec'),
    ...Object.fromEntries(Object.entries(attn).map(([k, m]) => [k, tf.tensor2d(m.data, [m.rows, m.cols])])),
    bridgeW: upload(M('bridge.W')), bridgeB: tf.tensor1d(host['bridge.b']),
    readoutW: upload(M('readout.W', 2)), readoutB: tf.tensor1d(Float32Array.from(host['readout.b'], (x) => 2 * x)),
    output: c.tieOutput ? OutputLayer.tied(tgtEmbedding, host['out.b']) : OutputLayer.dense(host['out.W'], c.outDim, c.tgtVocabSize, host['out.b']),
  };
}

/** Every tensor of `w`. */
export function inferenceTensors(w: InferenceWeights): tf.Tensor[] {
  const out: tf.Tensor[] = [];
  const visit = (x: unknown): void => {
    if (x instanceof tf.Tensor) out.push(x);
    else if (Array.isArray(x)) x.forEach(visit);
    else if (x && typeof x === 'object' && !ArrayBuffer.isView(x)) Object.values(x).forEach(visit);
  };
  visit({ ...w, config: undefined, output: undefined, srcEmbedding: undefined, tgtEmbedding: undefined });
  return out;
}

export function disposeInference(w: InferenceWeights): void {
  for (const t of inferenceTensors(w)) if (!t.isDisposed) t.dispose();
  w.output.dispose();
}

// ---------------------------------------------------------------- cell and encoder

/**
 * One GRU/LSTM step for R rows: input x [R, In], state [R, Hc] each → the new state.
 * GRU (seq2seq.ts cellStep): z = σ(·), r = σ(·), n = tanh(x·W_n + b_xn + r ⊙ (h·U_n + b_hn)),
 * h' = n + z ⊙ (h − n). LSTM: c' = f ⊙ c + i ⊙ g, h' = o ⊙ tanh(c').
 */
function cellStep(cell: ModelConfig['cell'], w: CellWeights, x: tf.Tensor2D, state: RnnState): RnnState {
  const h = state[0];
  const xh = tf.concat([x, h], 1) as tf.Tensor2D; // [R, In + Hc]
  const gate = (g: number, activation?: 'sigmoid') => linear(xh, w.gateW[g], w.gateB[g], activation);
  if (cell === 'gru') {
    const z = gate(0, 'sigmoid'), r = gate(1, 'sigmoid');
    const xn = linear(x, w.xnW!, w.xnB);
    const hn = linear(h, w.Un!, w.bhn);
    const n = tf.tanh(tf.add(xn, tf.mul(r, hn)));
    return [tf.add(n, tf.mul(z, tf.sub(h, n))) as tf.Tensor2D];
  }
  const i = gate(0, 'sigmoid'), f = gate(1, 'sigmoid'), g = tf.tanh(gate(2)), o = gate(3, 'sigmoid');
  const cst = tf.add(tf.mul(f, state[1]), tf.mul(i, g)) as tf.Tensor2D;
  return [tf.mul(o, tf.tanh(cst)) as tf.Tensor2D, cst];
}

/**
 * Encodes one sentence (no padding) position by position: the inputs are kept as one
 * [1, In] tensor per position, so each step is cellStep on a ready row (a per-step slice of
 * a precomputed x·W would cost a Slice kernel, and as a fused bias XNNPACK would re-pack
 * the weights at every step). Call inside tf.tidy.
 */
export function encodeSentence(w: InferenceWeights, srcIds: readonly number[]): SentenceMemory {
  if (w.kind === 'fused') return encodeSentenceFused(w, srcIds);
  const c = w.config, S = srcIds.length;
  let rows = srcIds.map((id) => tf.tensor2d(w.srcEmbedding.lookup([id]), [1, c.embDim])); // S × [1, E]
  let memory: tf.Tensor2D | undefined, final: tf.Tensor2D | undefined;
  const zeros = () => (c.cell === 'gru' ? [tf.zeros([1, c.encHidden])] : [tf.zeros([1, c.encHidden]), tf.zeros([1, c.encHidden])]) as RnnState;
  w.encoder.forEach((layer, l) => {
    const fw: tf.Tensor2D[] = new Array(S), bw: tf.Tensor2D[] = new Array(S);
    let sf = zeros(), sb = zeros();
    for (let k = 0; k < S; k++) {
      sf = cellStep(c.cell, layer.fw, rows[k], sf);
      fw[k] = sf[0];
      sb = cellStep(c.cell, layer.bw, rows[S - 1 - k], sb);
      bw[S - 1 - k] = sb[0];
    }
    final = tf.concat([sf[0], sb[0]], 1) as tf.Tensor2D; // [→h_S; ←h_1]
    if (l < w.encoder.length - 1) rows = fw.map((f, t) => tf.concat([f, bw[t]], 1) as tf.Tensor2D); // S × [1, C]
    else memory = tf.concat([tf.concat(fw, 0), tf.concat(bw, 0)], 1) as tf.Tensor2D; // [S, C]
  });
  const h0 = tf.tanh(linear(final!, w.bridgeW, w.bridgeB)) as tf.Tensor2D; // [1, D]
  const init: RnnState = c.cell === 'gru' ? [h0] : [h0, tf.zerosLike(h0)];
  const keys = (c.attention === 'bahdanau' ? tf.matMul(memory!, w.attnWk!) // [S, A]
    : tf.transpose(c.attention === 'luong-general' ? tf.matMul(memory!, w.attnWk!) : memory!)) as tf.Tensor2D; // [D, S]
  return { memory: memory!, keys, init };
}

// ---------------------------------------------------------------- decoder step

/**
 * One decoder step for R rows: the previous tokens (host ids) and state [R, D] → the new
 * state, the σ-readout [R, O] (w.output's columns turn it into logits) and the attention
 * weights [R, S]. Call inside tf.tidy.
 */
export function decoderStep(w: InferenceWeights, m: SentenceMemory, state: RnnState, prevIds: Int32Array) {
  if (w.kind === 'fused') return decoderStepFused(w, m, state, prevIds);
  const c = w.config, R = prevIds.length, S = m.memory.shape[0], h = state[0];
  const y = tf.tensor2d(w.tgtEmbedding.lookup(prevIds), [R, c.embDim]); // [R, E]
  let scores: tf.Tensor2D;
  if (c.attention === 'bahdanau') {
    const q = tf.matMul(h, w.attnWq!).reshape([R, 1, -1]); // [R, 1, A]
    const e = tf.sigmoid(tf.add(m.keys, q)); // [R, S, A] = σ(2u)
    scores = tf.matMul(e.reshape([R * S, -1]) as tf.Tensor2D, w.attnV!).reshape([R, S]); // (2v)ᵀσ(2u)
  } else {
    scores = tf.matMul(h, m.keys); // [R, S]
  }
  const attention = tf.softmax(scores) as tf.Tensor2D; // [R, S]
  const ctx = tf.matMul(attention, m.memory); // [R, C]
  const next = cellStep(c.cell, w.decoder, tf.concat([y, ctx], 1) as tf.Tensor2D, state); // input [y; c] [R, E+C]
  const readout = linear(tf.concat([next[0], ctx, y], 1) as tf.Tensor2D, w.readoutW, w.readoutB, 'sigmoid'); // [R, O]
  return { state: next, readout, attention };
}

/**
 * Row-wise log-softmax of `src` (rows of `width` values starting every `stride` values)
 * into `dst` [rows, width], in float64 arithmetic.
 */
export function logSoftmaxRows(src: Float32Array, rows: number, width: number, stride: number, dst: Float32Array): void {
  for (let r = 0; r < rows; r++) {
    const o = r * stride;
    let max = -Infinity;
    for (let j = 0; j < width; j++) if (src[o + j] > max) max = src[o + j];
    let sum = 0;
    for (let j = 0; j < width; j++) sum += Math.exp(src[o + j] - max);
    const lse = max + Math.log(sum);
    for (let j = 0; j < width; j++) dst[r * width + j] = src[o + j] - lse;
  }
}
