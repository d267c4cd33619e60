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
 * Shapes: R rows, S source length, E embDim, H encHidden, C = 2H, D decHidden, A attnDim,
 * O outDim, V tgtVocabSize, In = the input width of an encoder layer.
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelConfig } from './config.ts';
import type { Params, RnnState } from './seq2seq.ts';

/** One direction of one encoder layer, split per gate (GRU z, r, n; LSTM i, f, g, o). */
export interface EncoderDirection {
  /** Input projection of each gate [In, H]. */
  W: tf.Tensor2D[];
  /** Bias of each gate's input projection [H]: b_x + b_h, except GRU n: b_x only. */
  b: tf.Tensor1D[];
  /** Recurrent matrix of each gate [H, H]. */
  U: tf.Tensor2D[];
  /** GRU only: b_hn [H], which sits inside the reset-gate product r ⊙ (h·U_n + b_hn). */
  bhn?: tf.Tensor1D;
}

export interface InferenceWeights {
  config: ModelConfig;
  /** Host embedding tables, row-major [V, E] (rewrite 1). */
  srcEmbedding: Float32Array;
  tgtEmbedding: Float32Array;
  /** Per encoder layer, forward and backward direction. */
  encoder: { fw: EncoderDirection; bw: EncoderDirection }[];
  /** Bridge s_0 = tanh([→h_S; ←h_1]·W + b): [C, D], [D]. */
  bridgeW: tf.Tensor2D;
  bridgeB: tf.Tensor1D;
  /** bahdanau: 2·Wk [C, A], 2·Wq [D, A], 2·v [A, 1] (rewrite 4); luong-general: Wk = W [C, D]. */
  attnWk?: tf.Tensor2D;
  attnWq?: tf.Tensor2D;
  attnV?: tf.Tensor2D;
  /** Decoder gates over [y; c; h] [E+C+D, D] with biases b_x + b_h: GRU z, r; LSTM i, f, g, o. */
  decGateW: tf.Tensor2D[];
  decGateB: tf.Tensor1D[];
  /** GRU candidate: input part over [y; c] [E+C, D] with b_xn, recurrent part [D, D] with b_hn. */
  decXnW?: tf.Tensor2D;
  decXnB?: tf.Tensor1D;
  decUn?: tf.Tensor2D;
  decBhn?: tf.Tensor1D;
  /** Readout for σ (rewrite 5): 2·W_o [D+C+E, O], 2·b_o [O]. */
  readoutW: tf.Tensor2D;
  readoutB: tf.Tensor1D;
  /** Output layer over σ readouts: 2·W [O, V] and b − 1ᵀW [V]. */
  outW: tf.Tensor2D;
  outB: tf.Tensor1D;
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

const colBlock = (m: tf.Tensor, k: number, n: number) => tf.slice(m, [0, k * n], [-1, n]) as tf.Tensor2D;
const block = (v: tf.Tensor, k: number, n: number) => tf.slice(v, [k * n], [n]) as tf.Tensor1D;

function encoderDirection(p: Params, c: ModelConfig, pre: string): EncoderDirection {
  const H = c.encHidden, gates = c.cell === 'gru' ? 3 : 4;
  const W = p[`${pre}.W`], U = p[`${pre}.U`], bx = p[`${pre}.bx`], bh = p[`${pre}.bh`];
  const d: EncoderDirection = { W: [], b: [], U: [] };
  for (let k = 0; k < gates; k++) {
    d.W.push(colBlock(W, k, H));
    d.U.push(colBlock(U, k, H));
    const gruN = c.cell === 'gru' && k === 2;
    d.b.push(gruN ? block(bx, k, H) : tf.add(block(bx, k, H), block(bh, k, H)));
  }
  if (c.cell === 'gru') d.bhn = block(bh, 2, H);
  return d;
}

/**
 * Builds the inference weights from the model's parameters (training names and layout,
 * see paramShapes). Reads the embedding tables back to the host once. The caller owns
 * the result (disposeInference) and may dispose `p` afterwards.
 */
export function prepareInference(p: Params, c: ModelConfig): InferenceWeights {
  const srcEmbedding = p['src_embedding'].dataSync() as Float32Array;
  const tgtEmbedding = p['tgt_embedding'].dataSync() as Float32Array;
  const tensors = tf.tidy((): tf.TensorContainer => {
    const D = c.decHidden, EC = c.embDim + 2 * c.encHidden;
    const encoder = Array.from({ length: c.encLayers }, (_, l) => ({
      fw: encoderDirection(p, c, `enc.${l}.fw`), bw: encoderDirection(p, c, `enc.${l}.bw`),
    }));
    const decW = p['dec.W'], decU = p['dec.U'], bx = p['dec.bx'], bh = p['dec.bh'];
    const gateIds = c.cell === 'gru' ? [0, 1] : [0, 1, 2, 3];
    const decGateW = gateIds.map((k) => tf.concat([colBlock(decW, k, D), colBlock(decU, k, D)], 0) as tf.Tensor2D);
    const decGateB = gateIds.map((k) => tf.add(block(bx, k, D), block(bh, k, D)) as tf.Tensor1D);
    const gru = c.cell === 'gru' ? {
      decXnW: colBlock(decW, 2, D), decXnB: block(bx, 2, D), decUn: colBlock(decU, 2, D), decBhn: block(bh, 2, D),
    } : {};
    const attn = c.attention === 'bahdanau'
      ? { attnWk: tf.mul(p['attn.Wk'], 2) as tf.Tensor2D, attnWq: tf.mul(p['attn.Wq'], 2) as tf.Tensor2D, attnV: tf.mul(p['attn.v'], 2) as tf.Tensor2D }
      : c.attention === 'luong-general' ? { attnWk: p['attn.W'].clone() as tf.Tensor2D } : {};
    // Output matrix [O, V]: the transposed target embedding when tied.
    const W = c.tieOutput ? tf.transpose(p['tgt_embedding']) : p['out.W'];
    if (W.shape[0] !== c.outDim || W.shape[1] !== c.tgtVocabSize || EC + D !== decGateW[0].shape[0]) throw new Error('inference weights: unexpected parameter shapes');
    return {
      encoder, decGateW, decGateB, ...gru, ...attn,
      bridgeW: p['bridge.W'].clone() as tf.Tensor2D, bridgeB: p['bridge.b'].clone() as tf.Tensor1D,
      readoutW: tf.mul(p['readout.W'], 2) as tf.Tensor2D, readoutB: tf.mul(p['readout.b'], 2) as tf.Tensor1D,
      outW: tf.mul(W, 2) as tf.Tensor2D, outB: tf.sub(p['out.b'], tf.sum(W, 0)) as tf.Tensor1D,
    } as unknown as tf.TensorContainer;
  }) as unknown as Omit<InferenceWeights, 'config' | 'srcEmbedding' | 'tgtEmbedding'>;
  return { config: c, srcEmbedding, tgtEmbedding, ...tensors };
}

/** Every tensor of `w`. */
export function inferenceTensors(w: InferenceWeights): tf.Tensor[] {
  const out: tf.Tensor[] = [];
  const visit = (x: unknown): void => {
    if (x instanceof tf.Tensor) out.push(x);
    else if (Array.isArray(x)) x.forEach(visit);
    else if (x && typeof x === 'object' && !ArrayBuffer.isView(x)) Object.values(x).forEach(visit);
  };
  visit({ ...w, config: undefined });
  return out;
}

export function disposeInference(w: InferenceWeights): void {
  for (const t of inferenceTensors(w)) if (!t.isDisposed) t.dispose();
}

// ---------------------------------------------------------------- encoder

/** Rows `ids` of a host table [V, E] as one [N, E] tensor. */
function lookup(table: Float32Array, ids: ArrayLike<number>, E: number): tf.Tensor2D {
  const out = new Float32Array(ids.length * E);
  const V = table.length / E;
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if (!(id >= 0 && id < V)) throw new Error(`token id ${id} is outside the vocabulary of ${V}`);
    out.set(table.subarray(id * E, id * E + E), i * E);
  }
  return tf.tensor2d(out, [ids.length, E]);
}

/**
 * One direction over x [S, In]: outputs [S, H] (position order) and the final state.
 * The per-step input term x_t·W_g + b_g is added outside the recurrent matmul: as a fused
 * bias it would be a new tensor every step, and XNNPACK re-packs the weights of a matmul
 * whenever its bias tensor changes (≈ 250 µs for [256, 256]).
 */
function runDirection(cell: ModelConfig['cell'], d: EncoderDirection, x: tf.Tensor2D, reverse: boolean): { outputs: tf.Tensor2D; final: tf.Tensor2D } {
  const S = x.shape[0], H = d.U[0].shape[0];
  const X = d.W.map((W, k) => tf.fused.matMul({ a: x, b: W, bias: d.b[k] }).reshape([S * H])); // gates × [S·H]
  let h = tf.zeros([1, H]) as tf.Tensor2D, cst = tf.zeros([1, H]) as tf.Tensor2D;
  const outs: tf.Tensor2D[] = new Array(S);
  for (let k = 0; k < S; k++) {
    const t = reverse ? S - 1 - k : k;
    const pre = (g: number) => tf.add(tf.matMul(h, d.U[g]), tf.slice(X[g], [t * H], [H])); // [1, H]
    if (cell === 'gru') {
      const z = tf.sigmoid(pre(0)), r = tf.sigmoid(pre(1));
      const hn = tf.fused.matMul({ a: h, b: d.U[2], bias: d.bhn });
      const n = tf.tanh(tf.add(tf.slice(X[2], [t * H], [H]), tf.mul(r, hn)));
      h = tf.add(n, tf.mul(z, tf.sub(h, n))) as tf.Tensor2D; // h' = n + z ⊙ (h − n)
    } else {
      const i = tf.sigmoid(pre(0)), f = tf.sigmoid(pre(1)), g = tf.tanh(pre(2)), o = tf.sigmoid(pre(3));
      cst = tf.add(tf.mul(f, cst), tf.mul(i, g)) as tf.Tensor2D;
      h = tf.mul(o, tf.tanh(cst)) as tf.Tensor2D;
    }
    outs[t] = h;
  }
  return { outputs: tf.concat(outs, 0) as tf.Tensor2D, final: h };
}

/** Encodes one sentence (no padding). Call inside tf.tidy. */
export function encodeSentence(w: InferenceWeights, srcIds: readonly number[]): SentenceMemory {
  const c = w.config;
  let x = lookup(w.srcEmbedding, srcIds, c.embDim); // [S, E]
  let finals: tf.Tensor2D[] = [];
  for (const layer of w.encoder) {
    const fw = runDirection(c.cell, layer.fw, x, false), bw = runDirection(c.cell, layer.bw, x, true);
    x = tf.concat([fw.outputs, bw.outputs], 1) as tf.Tensor2D; // [S, C]
    finals = [fw.final, bw.final];
  }
  const h0 = tf.tanh(tf.fused.matMul({ a: tf.concat(finals, 1) as tf.Tensor2D, b: w.bridgeW, bias: w.bridgeB })) as tf.Tensor2D; // [1, D]
  const init: RnnState = c.cell === 'gru' ? [h0] : [h0, tf.zerosLike(h0)];
  const keys = (c.attention === 'bahdanau' ? tf.matMul(x, w.attnWk!) // [S, A]
    : tf.transpose(c.attention === 'luong-general' ? tf.matMul(x, w.attnWk!) : x)) as tf.Tensor2D; // [D, S]
  return { memory: x, keys, init };
}

// ---------------------------------------------------------------- decoder step

/**
 * One decoder step for R rows: the previous tokens (host ids) and state [R, D] → the new
 * state, the σ-readout [R, O] (multiply by outW, add outB for logits) and the attention
 * weights [R, S]. Call inside tf.tidy.
 */
export function decoderStep(w: InferenceWeights, m: SentenceMemory, state: RnnState, prevIds: Int32Array) {
  const c = w.config, R = prevIds.length, S = m.memory.shape[0], h = state[0];
  const y = lookup(w.tgtEmbedding, prevIds, c.embDim); // [R, E]
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
  const yc = tf.concat([y, ctx], 1) as tf.Tensor2D; // [R, E+C]
  const ych = tf.concat([yc, h], 1) as tf.Tensor2D; // [R, E+C+D]
  const gate = (g: number, activation?: 'sigmoid') => tf.fused.matMul({ a: ych, b: w.decGateW[g], bias: w.decGateB[g], activation });
  let next: RnnState;
  if (c.cell === 'gru') {
    const z = gate(0, 'sigmoid'), r = gate(1, 'sigmoid');
    const xn = tf.fused.matMul({ a: yc, b: w.decXnW!, bias: w.decXnB });
    const hn = tf.fused.matMul({ a: h, b: w.decUn!, bias: w.decBhn });
    const n = tf.tanh(tf.add(xn, tf.mul(r, hn)));
    next = [tf.add(n, tf.mul(z, tf.sub(h, n))) as tf.Tensor2D];
  } else {
    const i = gate(0, 'sigmoid'), f = gate(1, 'sigmoid'), g = tf.tanh(gate(2)), o = gate(3, 'sigmoid');
    const cst = tf.add(tf.mul(f, state[1]), tf.mul(i, g)) as tf.Tensor2D;
    next = [tf.mul(o, tf.tanh(cst)) as tf.Tensor2D, cst];
  }
  const readout: tf.Tensor2D = tf.fused.matMul({ a: tf.concat([next[0], ctx, y], 1) as tf.Tensor2D, b: w.readoutW, bias: w.readoutB, activation: 'sigmoid' }) as tf.Tensor2D; // [R, O]
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
