/**
 * The attention Seq2Seq model, read top to bottom in dependency order:
 *   1. parameters (shapes and seeded initialisation)
 *   2. building blocks (embedding with a wasm-safe gradient, GRU/LSTM cells, attention)
 *   3. encoder: embeddings → stacked bidirectional RNN → bridge to the decoder state
 *   4. decoder step: attention (query = previous state) → cell → readout
 *   5. training loss: unrolled decoder, masked label-smoothed cross-entropy
 *
 * The trainer runs this graph (the Worker and the CLIs decode with its regrouped twin,
 * seq2seq-inference.ts); it imports only tfjs. Shapes are noted as
 * B batch rows, S source length, T target length, E embDim, H encHidden, C = 2H encoder
 * output width, D decHidden, A attnDim, O outDim, V tgtVocabSize.
 *
 * Architecture (Bahdanau et al. 2015, "Neural Machine Translation by Jointly Learning to
 * Align and Translate"): at step t the previous decoder state s_{t-1} queries the encoder
 * outputs, the context c_t and the previous target embedding feed the cell, and a deep
 * readout tanh(W_o [s_t; c_t; y_{t-1}]) feeds the output softmax.
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelConfig } from './config.ts';
import { mulberry32, normal } from './rng.ts';

export type Params = Record<string, tf.Tensor>;
/** Recurrent state: [h] for GRU, [h, c] for LSTM, each [R, D]. */
export type RnnState = tf.Tensor2D[];

// ---------------------------------------------------------------- 1. parameters

const gates = (c: ModelConfig) => (c.cell === 'gru' ? 3 : 4);

/** Every parameter's name and shape. Recurrent kernels are named `*.U`. */
export function paramShapes(c: ModelConfig): Record<string, number[]> {
  const g = gates(c), C = 2 * c.encHidden;
  const s: Record<string, number[]> = {
    'src_embedding': [c.srcVocabSize, c.embDim],
    'tgt_embedding': [c.tgtVocabSize, c.embDim],
  };
  for (let l = 0; l < c.encLayers; l++) {
    const inDim = l === 0 ? c.embDim : C;
    for (const dir of ['fw', 'bw']) {
      const p = `enc.${l}.${dir}`;
      s[`${p}.W`] = [inDim, g * c.encHidden];
      s[`${p}.U`] = [c.encHidden, g * c.encHidden];
      s[`${p}.bx`] = [g * c.encHidden];
      s[`${p}.bh`] = [g * c.encHidden];
    }
  }
  s['bridge.W'] = [C, c.decHidden];
  s['bridge.b'] = [c.decHidden];
  if (c.attention === 'bahdanau') {
    s['attn.Wk'] = [C, c.attnDim];
    s['attn.Wq'] = [c.decHidden, c.attnDim];
    s['attn.v'] = [c.attnDim, 1];
  } else if (c.attention === 'luong-general') {
    s['attn.W'] = [C, c.decHidden];
  }
  s['dec.W'] = [c.embDim + C, g * c.decHidden];
  s['dec.U'] = [c.decHidden, g * c.decHidden];
  s['dec.bx'] = [g * c.decHidden];
  s['dec.bh'] = [g * c.decHidden];
  s['readout.W'] = [c.decHidden + C + c.embDim, c.outDim];
  s['readout.b'] = [c.outDim];
  if (!c.tieOutput) s['out.W'] = [c.outDim, c.tgtVocabSize];
  s['out.b'] = [c.tgtVocabSize];
  return s;
}

/** Row-by-row modified Gram–Schmidt: an orthogonal n×n block from a seeded normal matrix. */
function orthogonal(n: number, next: () => number): Float64Array {
  const q = new Float64Array(n * n);
  for (let i = 0; i < n * n; i++) q[i] = normal(next);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      let dot = 0;
      for (let k = 0; k < n; k++) dot += q[i * n + k] * q[j * n + k];
      for (let k = 0; k < n; k++) q[i * n + k] -= dot * q[j * n + k];
    }
    let norm = 0;
    for (let k = 0; k < n; k++) norm += q[i * n + k] ** 2;
    norm = Math.sqrt(norm);
    for (let k = 0; k < n; k++) q[i * n + k] /= norm;
  }
  return q;
}

/** Seeded initial values: Glorot/He for matrices, orthogonal gate blocks for `*.U`, zero biases. */
export function initialValues(c: ModelConfig, seed: number): Record<string, Float32Array> {
  const next = mulberry32(seed);
  const out: Record<string, Float32Array> = {};
  for (const [name, shape] of Object.entries(paramShapes(c))) {
    const size = shape.reduce((a, b) => a * b, 1);
    const v = new Float32Array(size);
    if (name.endsWith('embedding')) {
      const std = 1 / Math.sqrt(shape[1]);
      for (let i = 0; i < size; i++) v[i] = normal(next) * std;
    } else if (name.endsWith('.U')) {
      const [n, cols] = shape;
      for (let blk = 0; blk < cols / n; blk++) {
        const q = orthogonal(n, next);
        for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) v[i * cols + blk * n + j] = q[i * n + j];
      }
    } else if (shape.length === 2) {
      const [fanIn, fanOut] = shape;
      const limit = c.init === 'he' ? Math.sqrt(6 / fanIn) : Math.sqrt(6 / (fanIn + fanOut));
      for (let i = 0; i < size; i++) v[i] = (next() * 2 - 1) * limit;
    } else if (c.cell === 'lstm' && name.endsWith('.bx')) {
      const h = size / 4; // LSTM gate order i, f, g, o: forget-gate bias 1 (Jozefowicz et al. 2015)
      v.fill(1, h, 2 * h);
    }
    out[name] = v;
  }
  return out;
}

// ---------------------------------------------------------------- 2. building blocks

/**
 * Embedding lookup whose gradient is a scatterND (duplicates summed) instead of tfjs's
 * UnsortedSegmentSum, which has no wasm kernel. ids: [N] int32 → [N, E].
 */
const embedLookup = tf.customGrad(((table: tf.Tensor, ids: tf.Tensor, save: tf.GradSaveFunc) => {
  save([ids]);
  return {
    value: tf.gather(table, ids),
    gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => [
      tf.scatterND(saved[0].expandDims(1), dy as tf.Tensor, table.shape),
      tf.zerosLike(saved[0]),
    ],
  };
}) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (table: tf.Tensor, ids: tf.Tensor) => tf.Tensor;

/** Embeds int32 ids of any shape [...] → [..., E]. */
export function embed(table: tf.Tensor, ids: tf.Tensor): tf.Tensor {
  const flat = embedLookup(table, ids.reshape([-1]));
  return flat.reshape([...ids.shape, table.shape[1] as number]);
}

/**
 * One recurrent step. `xw` is the precomputed input projection x·W + bx ([R, gH]).
 * GRU (Cho et al. 2014, reset gate after the recurrent matmul as in cuDNN):
 *   z = σ(xz + hz), r = σ(xr + hr), n = tanh(xn + r ⊙ hn), h' = n + z ⊙ (h − n).
 * LSTM (Hochreiter & Schmidhuber 1997): gates i, f, g, o; c' = f⊙c + i⊙g; h' = o⊙tanh(c').
 */
export function cellStep(cell: 'gru' | 'lstm', xw: tf.Tensor2D, state: RnnState, U: tf.Tensor, bh: tf.Tensor): RnnState {
  const hw = tf.add(tf.matMul(state[0], U as tf.Tensor2D), bh); // [R, gH]
  if (cell === 'gru') {
    const [xz, xr, xn] = tf.split(xw, 3, 1);
    const [hz, hr, hn] = tf.split(hw, 3, 1);
    const z = tf.sigmoid(tf.add(xz, hz));
    const r = tf.sigmoid(tf.add(xr, hr));
    const n = tf.tanh(tf.add(xn, tf.mul(r, hn)));
    return [tf.add(n, tf.mul(z, tf.sub(state[0], n))) as tf.Tensor2D];
  }
  const [i, f, g, o] = tf.split(tf.add(xw, hw), 4, 1);
  const c = tf.add(tf.mul(tf.sigmoid(f), state[1]), tf.mul(tf.sigmoid(i), tf.tanh(g)));
  return [tf.mul(tf.sigmoid(o), tf.tanh(c)) as tf.Tensor2D, c as tf.Tensor2D];
}

/**
 * Runs one direction over a padded batch. xw: [B, S, gH]; mask: [B, S] (1 = token).
 * Padded steps keep the previous state, so the backward pass starts at each row's last
 * real token with a zero state. Returns the outputs [B, S, H] and the final state.
 */
function rnnDirection(cell: 'gru' | 'lstm', xw: tf.Tensor3D, mask: tf.Tensor2D, U: tf.Tensor, bh: tf.Tensor, reverse: boolean) {
  const [B, S] = mask.shape, H = U.shape[0];
  const xs = tf.unstack(xw, 1) as tf.Tensor2D[]; // S × [B, gH]
  const ms = tf.unstack(mask.expandDims(2), 1) as tf.Tensor2D[]; // S × [B, 1]
  let state: RnnState = cell === 'gru' ? [tf.zeros([B, H])] : [tf.zeros([B, H]), tf.zeros([B, H])];
  const outs: tf.Tensor2D[] = new Array(S);
  for (let k = 0; k < S; k++) {
    const t = reverse ? S - 1 - k : k;
    const next = cellStep(cell, xs[t], state, U, bh);
    state = next.map((n, j) => tf.add(state[j], tf.mul(ms[t], tf.sub(n, state[j]))) as tf.Tensor2D);
    outs[t] = state[0];
  }
  return { outputs: tf.stack(outs, 1) as tf.Tensor3D, final: state };
}

/** Training-only dropout; `seed` makes it reproducible. */
function dropout<T extends tf.Tensor>(x: T, rate: number, seed: number | undefined): T {
  return seed === undefined || rate === 0 ? x : (tf.dropout(x, rate, undefined, seed) as T);
}

// ---------------------------------------------------------------- 3. encoder

/** What the decoder needs from the encoder. */
export interface Encoded {
  /** Encoder outputs [Be, S, C]; Be is B in training, 1 at inference (shared by all rows). */
  memory: tf.Tensor3D;
  /** Attention keys: bahdanau H·Wk [Be, S, A]; luong-general H·W [Be, S, D]; dot: memory. */
  keys: tf.Tensor3D;
  /** Additive mask [Be, S]: 0 on tokens, −1e9 on padding (null when there is no padding). */
  maskBias: tf.Tensor2D | null;
  /** Initial decoder state, [Be, D] each. */
  init: RnnState;
}

/** Dropout seeds for one training forward pass; undefined at inference. */
export type SeedFn = (() => number) | undefined;

/** src: [B, S] int32, srcMask: [B, S] float (1 = token). */
export function encode(p: Params, c: ModelConfig, src: tf.Tensor2D, srcMask: tf.Tensor2D, seed: SeedFn): Encoded {
  const [B, S] = src.shape;
  let x = dropout(embed(p['src_embedding'], src) as tf.Tensor3D, c.dropout, seed?.()); // [B, S, E]
  let finals: RnnState[] = [];
  for (let l = 0; l < c.encLayers; l++) {
    const dirs = ['fw', 'bw'].map((dir) => {
      const pre = `enc.${l}.${dir}`;
      const xw = tf.add(tf.matMul(x.reshape([B * S, -1]), p[`${pre}.W`] as tf.Tensor2D), p[`${pre}.bx`]).reshape([B, S, -1]) as tf.Tensor3D;
      return rnnDirection(c.cell, xw, srcMask, p[`${pre}.U`], p[`${pre}.bh`], dir === 'bw');
    });
    x = tf.concat([dirs[0].outputs, dirs[1].outputs], 2) as tf.Tensor3D; // [B, S, C]
    finals = [dirs[0].final, dirs[1].final];
  }
  const memory = dropout(x, c.dropout, seed?.());
  // Bridge: s_0 = tanh(W_b [→h_S; ←h_1] + b); an LSTM starts with a zero cell.
  const h0 = tf.tanh(tf.add(tf.matMul(tf.concat([finals[0][0], finals[1][0]], 1), p['bridge.W'] as tf.Tensor2D), p['bridge.b'])) as tf.Tensor2D;
  const init: RnnState = c.cell === 'gru' ? [h0] : [h0, tf.zerosLike(h0)];
  const flat = memory.reshape([B * S, -1]) as tf.Tensor2D;
  const keys = c.attention === 'bahdanau' ? tf.matMul(flat, p['attn.Wk'] as tf.Tensor2D).reshape([B, S, -1])
    : c.attention === 'luong-general' ? tf.matMul(flat, p['attn.W'] as tf.Tensor2D).reshape([B, S, -1]) : memory;
  const maskBias = tf.mul(tf.sub(srcMask, 1), 1e9) as tf.Tensor2D;
  return { memory, keys: keys as tf.Tensor3D, maskBias, init };
}

// ---------------------------------------------------------------- 4. decoder step

/**
 * Attention weights [R, S] of R queries over the encoder keys. With a shared source
 * (keys batch 1) the R rows broadcast over the single memory.
 *   bahdanau: e = vᵀ tanh(K + s·Wq);  luong-general/dot: e = s·Kᵀ.
 */
function attend(p: Params, c: ModelConfig, enc: Encoded, query: tf.Tensor2D): { weights: tf.Tensor2D; context: tf.Tensor2D } {
  const R = query.shape[0], [Be, S] = enc.keys.shape;
  let scores: tf.Tensor2D;
  if (c.attention === 'bahdanau') {
    const q = tf.matMul(query, p['attn.Wq'] as tf.Tensor2D).expandDims(1); // [R, 1, A]
    const e = tf.tanh(tf.add(enc.keys, q)); // [R, S, A]
    scores = tf.matMul(e.reshape([R * S, -1]) as tf.Tensor2D, p['attn.v'] as tf.Tensor2D).reshape([R, S]);
  } else if (Be === 1) {
    scores = tf.matMul(query, enc.keys.reshape([S, -1]) as tf.Tensor2D, false, true); // [R, S]
  } else {
    scores = tf.matMul(enc.keys, query.expandDims(2) as tf.Tensor3D).reshape([R, S]); // [B, S]
  }
  if (enc.maskBias) scores = tf.add(scores, enc.maskBias);
  const weights = tf.softmax(scores) as tf.Tensor2D; // [R, S]
  const context: tf.Tensor2D = Be === 1
    ? tf.matMul(weights, enc.memory.reshape([S, -1]) as tf.Tensor2D) // [R, C]
    : (tf.matMul(weights.expandDims(1) as tf.Tensor3D, enc.memory).reshape([R, -1]) as tf.Tensor2D);
  return { weights, context };
}

/**
 * The cell input projection splits as [y; c]·W = y·W_y + c·W_c, so the y part can be
 * computed for all target positions at once in training (`embProj`), and the readout
 * tanh(W_o [s; c; y] + b_o), which does not feed back into the recurrence, can be
 * computed after the loop on all positions at once (`readout`).
 */
const decInputSplit = (p: Params, c: ModelConfig) => [
  tf.slice(p['dec.W'], [0, 0], [c.embDim, -1]) as tf.Tensor2D, // W_y [E, gD]
  tf.slice(p['dec.W'], [c.embDim, 0], [-1, -1]) as tf.Tensor2D, // W_c [C, gD]
];

/** y·W_y + bx for embeddings [N, E] → [N, gD]. */
const embProj = (p: Params, c: ModelConfig, emb: tf.Tensor2D, Wy: tf.Tensor2D) => tf.add(tf.matMul(emb, Wy), p['dec.bx']) as tf.Tensor2D;

/** Readout r = tanh(W_o [s; c; y] + b_o): [N, D], [N, C], [N, E] → [N, O]. */
export function readout(p: Params, s: tf.Tensor2D, ctx: tf.Tensor2D, emb: tf.Tensor2D): tf.Tensor2D {
  return tf.tanh(tf.add(tf.matMul(tf.concat([s, ctx, emb], 1), p['readout.W'] as tf.Tensor2D), p['readout.b'])) as tf.Tensor2D;
}

/** Recurrent part of one decoder step: attention with query s_{t−1}, then the cell. yw = y·W_y + bx. */
function recurrentStep(p: Params, c: ModelConfig, enc: Encoded, state: RnnState, yw: tf.Tensor2D, Wc: tf.Tensor2D) {
  const { weights, context } = attend(p, c, enc, state[0]); // [R, S], [R, C]
  const xw = tf.add(yw, tf.matMul(context, Wc)) as tf.Tensor2D; // [R, gD]
  return { state: cellStep(c.cell, xw, state, p['dec.U'], p['dec.bh']), context, attention: weights };
}

/** One full decoder step for R rows (inference): prevEmb [R, E] → new state, readout [R, O], attention [R, S]. */
export function decoderStep(p: Params, c: ModelConfig, enc: Encoded, state: RnnState, prevEmb: tf.Tensor2D) {
  const [Wy, Wc] = decInputSplit(p, c);
  const r = recurrentStep(p, c, enc, state, embProj(p, c, prevEmb, Wy), Wc);
  return { state: r.state, readout: readout(p, r.state[0], r.context, prevEmb), attention: r.attention };
}

/** Output logits [N, V] (or over `columns` of a shortlist) from readouts [N, O]. */
export function outputLogits(p: Params, c: ModelConfig, readout: tf.Tensor2D): tf.Tensor2D {
  const tied = c.tieOutput && !p['out.W'];
  const W = tied ? p['tgt_embedding'] : p['out.W'];
  return tf.add(tf.matMul(readout, W as tf.Tensor2D, false, tied), p['out.b']) as tf.Tensor2D;
}

// ---------------------------------------------------------------- 5. training loss

/** A padded, length-bucketed batch. tgtIn = [bos, y…], tgtOut = [y…, eos]. */
export interface Batch {
  src: tf.Tensor2D; // [B, S] int32
  srcMask: tf.Tensor2D; // [B, S] float32
  tgtIn: tf.Tensor2D; // [B, T] int32
  tgtOut: tf.Tensor2D; // [B, T] int32
  tgtMask: tf.Tensor2D; // [B, T] float32
}

/** Runs the decoder over every target position; returns the logits [B·T, V]. */
export function unrolledLogits(p: Params, c: ModelConfig, b: Batch, seed: SeedFn): tf.Tensor2D {
  const [B, T] = b.tgtIn.shape;
  const enc = encode(p, c, b.src, b.srcMask, seed);
  const emb = dropout(embed(p['tgt_embedding'], b.tgtIn) as tf.Tensor3D, c.dropout, seed?.()).reshape([B * T, -1]) as tf.Tensor2D; // [B·T, E]
  const [Wy, Wc] = decInputSplit(p, c);
  const yws = tf.unstack(embProj(p, c, emb, Wy).reshape([B, T, -1]), 1) as tf.Tensor2D[]; // T × [B, gD]
  let state = enc.init;
  const states: tf.Tensor2D[] = [], contexts: tf.Tensor2D[] = [];
  for (let t = 0; t < T; t++) {
    const out = recurrentStep(p, c, enc, state, yws[t], Wc);
    state = out.state;
    states.push(state[0]);
    contexts.push(out.context);
  }
  const flat = (xs: tf.Tensor2D[]) => tf.stack(xs, 1).reshape([B * T, -1]) as tf.Tensor2D; // [B·T, ·]
  const r = dropout(readout(p, flat(states), flat(contexts), emb), c.dropout, seed?.()); // [B·T, O]
  return outputLogits(p, c, r);
}

/**
 * Masked cross-entropy with label smoothing ε (Szegedy et al. 2016), fused into one op so
 * that training keeps only the logits alive across the backward pass (the [N, V] tensors
 * dominate memory; the wasm heap is limited to about 3 GB):
 *   q = (1 − ε)·onehot(y) + ε/V,   loss = Σ_n m_n · (−Σ_v q_v log p_v) / Σ_n m_n
 *   −Σ_v q_v log p_v = lse − (1 − ε)·z_y − (ε/V)·Σ_v z_v      (z = logits, lse = log Σ e^z)
 *   ∂loss/∂z = m_n · (softmax(z) − q) / Σ m
 */
export function maskedLoss(logits: tf.Tensor2D, tgtOut: tf.Tensor2D, tgtMask: tf.Tensor2D, smoothing: number): tf.Scalar {
  const ids = tgtOut.reshape([-1]) as tf.Tensor1D;
  const m = tgtMask.reshape([-1]) as tf.Tensor1D;
  return smoothedXent(logits, ids, m, smoothing);
}

const smoothedXent = (logits: tf.Tensor2D, ids: tf.Tensor1D, m: tf.Tensor1D, eps: number): tf.Scalar => {
  const V = logits.shape[1];
  const op = tf.customGrad(((z: tf.Tensor2D, save: tf.GradSaveFunc) => {
    save([z]);
    const value = tf.tidy(() => {
      const lse = tf.logSumExp(z, 1); // [N]
      const flatIdx = tf.add(ids, tf.range(0, ids.shape[0] * V, V, 'int32')); // n·V + y_n
      const zy = tf.gather(z.reshape([-1]), flatIdx); // [N]
      const nll = tf.sub(tf.sub(lse, tf.mul(zy, 1 - eps)), tf.mul(tf.sum(z, 1), eps / V));
      return tf.div(tf.sum(tf.mul(nll, m)), tf.maximum(tf.sum(m), 1)) as tf.Scalar;
    });
    const gradFunc = (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => tf.tidy(() => {
      const w = tf.div(tf.mul(m, dy as tf.Tensor), tf.maximum(tf.sum(m), 1)).expandDims(1); // [N, 1]
      // (oneHot's float32 dtype option is broken on wasm 4.22: it writes int bits; cast instead.)
      const q = tf.add(tf.mul(tf.cast(tf.oneHot(ids, V), 'float32'), 1 - eps), eps / V);
      return tf.mul(tf.sub(tf.softmax(saved[0]), q), w);
    });
    return { value, gradFunc };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(logits) as tf.Scalar;
};
