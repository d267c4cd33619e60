/**
 * Registers edge-mt's fused int8 kernels (src/backend/kernels/edge-kernels.wat) into
 * tfjs-backend-wasm 4.22.0: EdgeLinear, EdgeRnnLayer and EdgeDecoderStep, the kernels that
 * src/model/graph/fused-inference.ts calls by name.
 *
 * No copies: the kernel module imports the backend's own WebAssembly.Memory (emscripten keeps
 * the instance's exports on `Module.asm`, and its `memory` is what HEAPU8 views), so the
 * kernels read the tensors' data and write the outputs in place, at the offsets the backend
 * gives each tensor (`dataIdMap.get(dataId).memoryOffset`). Outputs are allocated with the
 * backend's makeOutput; per-call temporaries live in one scratch block from the backend's
 * _malloc that grows when a call needs more.
 *
 * The caller passes the compiled module: Node compiles the committed .wasm bytes
 * (node-wasm.ts), workerd imports it as a CompiledWasm module (workerd-wasm.ts),
 * since workerd cannot compile wasm from bytes at run time.
 */
import * as tf from '@tensorflow/tfjs';
import {
  EDGE_KERNELS, type EdgeDecoderStepAttrs, type EdgeLinearAttrs, type EdgeRnnLayerAttrs, type QCell, type QMatrix,
} from '../model/graph/fused-inference.ts';

/** The parts of tfjs-backend-wasm 4.22.0's BackendWasm these kernels use. */
interface WasmBackendLike {
  wasm: { asm: { memory: WebAssembly.Memory }; HEAPU8: Uint8Array; HEAPF32: Float32Array; _malloc(n: number): number; _free(p: number): void };
  dataIdMap: { get(id: object): { memoryOffset: number } | undefined };
  makeOutput(shape: number[], dtype: 'float32'): tf.TensorInfo;
}

interface KernelExports {
  activate(p: number, n: number, kind: number): void;
  quant16(src: number, n: number, dst: number): number;
  gemv(xq: number, xs: number, k8: number, w: number, stride: number, ws: number, n: number, out: number): void;
  gemv4(xq: number, xstride: number, xs: number, k8: number, w: number, stride: number, ws: number, n2: number, out: number, ostride: number): void;
  gru_update(xp: number, hp: number, h: number, out: number, H: number): void;
  lstm_update(xp: number, hp: number, c: number, outh: number, outc: number, H: number): void;
  attn_bahdanau(keys: number, q: number, v: number, S: number, A: number, out: number): void;
  dot_rows(keys: number, q: number, S: number, D: number, out: number): void;
  softmax(p: number, n: number): void;
  weighted_rows(alpha: number, mem: number, S: number, C: number, out: number): void;
}

const ACTIVATION = { linear: 0, sigmoid: 1, tanh: 2 } as const;
const ceil8 = (x: number) => Math.ceil(x / 8) * 8;

/** The kernel instance bound to one backend's memory, with its scratch block. */
class Bound {
  readonly k: KernelExports;
  private scratch = 0;
  private scratchBytes = 0;

  constructor(readonly backend: WasmBackendLike, module: WebAssembly.Module) {
    const memory = backend.wasm.asm?.memory;
    if (!(memory instanceof WebAssembly.Memory)) throw new Error('edge kernels: the tfjs wasm backend does not expose its WebAssembly.Memory (Module.asm.memory); tfjs 4.22.0 expected');
    this.k = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as KernelExports;
  }

  /** Byte offset of a tensor's data. */
  ptr(t: tf.TensorInfo | tf.Tensor): number {
    const d = this.backend.dataIdMap.get(t.dataId);
    if (!d) throw new Error('edge kernels: tensor is not on the wasm backend');
    return d.memoryOffset;
  }

  /** A scratch block of at least `bytes` (16-aligned); valid until the next call. */
  alloc(bytes: number): number {
    if (bytes > this.scratchBytes) {
      if (this.scratch) this.backend.wasm._free(this.scratch);
      this.scratchBytes = Math.max(bytes, 2 * this.scratchBytes, 1 << 16);
      this.scratch = this.backend.wasm._malloc(this.scratchBytes + 16);
      if (!this.scratch) throw new Error(`edge kernels: out of wasm memory (${this.scratchBytes} bytes of scratch)`);
    }
    return (this.scratch + 15) & ~15;
  }

  /** Copies `bytes` from `src` to `dst` inside the heap (the heap view is read after any allocation). */
  copy(dst: number, src: number, bytes: number): void {
    this.backend.wasm.HEAPU8.copyWithin(dst, src, src + bytes);
  }

  /** out[0..m.n) = b (or 0) + Σ_segments W_seg·x_seg, with x_seg given quantized as [ptr, scale]. */
  matvec(m: QMatrix, xs: [number, number][], out: number): void {
    if (m.bias) this.copy(out, this.ptr(m.bias), 4 * m.n);
    else this.backend.wasm.HEAPU8.fill(0, out, out + 4 * m.n);
    const codes = this.ptr(m.codes), scales = this.ptr(m.scales);
    m.segments.forEach((s, i) => {
      this.k.gemv(xs[i][0], xs[i][1], ceil8(s.width), codes + s.offset, m.stride, scales + 4 * s.scaleSet * m.rows, m.n, out);
    });
  }

  /**
   * The same for R rows at once: out row r (at out + r·ostride bytes) = b + Σ_segments W_seg·x_seg[r],
   * each segment's rows quantized (Rows) at q + r·stride with their scales at `scales`. Four rows
   * share each pass over the weights (gemv4); the rest go one by one.
   */
  matvecRows(m: QMatrix, xs: Rows[], R: number, out: number, ostride: number): void {
    const heap = this.backend.wasm.HEAPU8;
    for (let r = 0; r < R; r++) {
      const o = out + r * ostride;
      if (m.bias) heap.copyWithin(o, this.ptr(m.bias), this.ptr(m.bias) + 4 * m.n);
      else heap.fill(0, o, o + 4 * m.n);
    }
    const codes = this.ptr(m.codes), scales = this.ptr(m.scales), n2 = m.n & ~1, f32 = this.backend.wasm.HEAPF32;
    m.segments.forEach((s, i) => {
      const x = xs[i], k8 = ceil8(s.width), w = codes + s.offset, ws = scales + 4 * s.scaleSet * m.rows;
      let r = 0;
      for (; r + 4 <= R; r += 4) {
        this.k.gemv4(x.q + r * x.stride, x.stride, x.scales + 4 * r, k8, w, m.stride, ws, n2, out + r * ostride, ostride);
        if (n2 < m.n) for (let t = r; t < r + 4; t++) this.k.gemv(x.q + t * x.stride, f32[(x.scales >> 2) + t], k8, w + n2 * m.stride, m.stride, ws + 4 * n2, 1, out + t * ostride + 4 * n2);
      }
      for (; r < R; r++) this.k.gemv(x.q + r * x.stride, f32[(x.scales >> 2) + r], k8, w, m.stride, ws, m.n, out + r * ostride);
    });
  }

  /** Quantizes R rows of n floats (src + r·srcStride) into q + r·stride (int16), scales at `scales`. */
  quantRows(src: number, srcStride: number, n: number, R: number, rows: Rows): Rows {
    const f32 = this.backend.wasm.HEAPF32;
    for (let r = 0; r < R; r++) f32[(rows.scales >> 2) + r] = this.k.quant16(src + r * srcStride, n, rows.q + r * rows.stride);
    return rows;
  }

  /** Quantizes `n` floats at `src` to int16 at `dst`: [dst, scale]. */
  quant(src: number, n: number, dst: number): [number, number] {
    return [dst, this.k.quant16(src, n, dst)];
  }
}

/** Quantized activation rows: int16 at q + r·stride (bytes), float32 scales at `scales`. */
interface Rows { q: number; stride: number; scales: number }

/** Carves 16-aligned blocks out of a scratch region, in bytes. */
class Carver {
  constructor(private at: number) {}
  take(bytes: number): number {
    const p = ceil16(this.at);
    this.at = p + bytes;
    return p;
  }
  rows(R: number, width: number): Rows {
    const stride = ceil16(2 * ceil8(width));
    return { q: this.take(R * stride), stride, scales: this.take(4 * R) };
  }
}

/** Bytes a Carver needs for blocks of these sizes. */
const carveBytes = (...sizes: number[]) => sizes.reduce((a, b) => a + ceil16(b) + 16, 16);
const rowsBytes = (R: number, width: number) => carveBytes(R * ceil16(2 * ceil8(width)), 4 * R);

const bound = new WeakMap<object, Bound>();
let kernelModule: WebAssembly.Module | undefined;

function bind(backend: unknown): Bound {
  let b = bound.get(backend as object);
  if (!b) {
    b = new Bound(backend as WasmBackendLike, kernelModule!);
    bound.set(backend as object, b);
  }
  return b;
}

type KernelArgs = Parameters<tf.KernelConfig['kernelFunc']>[0];

/** EdgeLinear: x [R, K] → act(x·W + b) [R, Σ W.n] for the matrices `ms` (one input layout), side by side. */
function edgeLinear({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo {
  const { ms, activation } = attrs as unknown as EdgeLinearAttrs;
  const x = inputs.x as tf.TensorInfo;
  const [R, K] = x.shape;
  const N = ms.reduce((a, m) => a + m.n, 0), segs = ms[0].segments;
  const b = bind(backend);
  const out = b.backend.makeOutput([R, N], 'float32');
  const carve = new Carver(b.alloc(segs.reduce((a, s) => a + rowsBytes(R, s.width), 0)));
  const xp = b.ptr(x), op = b.ptr(out);
  let col = 0;
  const xs = segs.map((s) => {
    const rows = b.quantRows(xp + 4 * col, 4 * K, s.width, R, carve.rows(R, s.width));
    col += s.width;
    return rows;
  });
  let o = op;
  for (const m of ms) {
    b.matvecRows(m, xs, R, o, 4 * N);
    o += 4 * m.n;
  }
  if (activation !== 'linear') b.k.activate(op, R * N, ACTIVATION[activation]);
  return out;
}

/** One direction of a recurrent layer over S positions, outputs written at column `col` of out [S, 2H]. */
function runDirection(b: Bound, cell: EdgeRnnLayerAttrs['cell'], w: QCell, x: number, S: number, In: number, out: number, col: number, reverse: boolean): void {
  const H = w.U.segments[0].width, G = w.W.n, C2 = 2 * H;
  const In8 = ceil8(In), H8 = ceil8(H);
  // scratch: xw [S, G] | hw [G] | qx [In8] | qh [H8] | zero h [H] | c [H]
  const carve = new Carver(b.alloc(carveBytes(4 * S * G, 4 * G, 2 * H8, 8 * H) + rowsBytes(S, In8)));
  const xw = carve.take(4 * S * G), hw = carve.take(4 * G), qh = carve.take(2 * H8), zero = carve.take(8 * H), cs = zero + 4 * H;
  b.backend.wasm.HEAPU8.fill(0, zero, zero + 8 * H); // h_0 = 0 (and c_0 = 0)
  // x·W + b_x for all positions at once (the weights read once per four positions)
  b.matvecRows(w.W, [b.quantRows(x, 4 * In, In, S, carve.rows(S, In))], S, xw, 4 * G);
  let h = zero;
  for (let k = 0; k < S; k++) {
    const t = reverse ? S - 1 - k : k;
    b.matvec(w.U, [b.quant(h, H, qh)], hw); // h·U + b_h
    const o = out + 4 * (t * C2 + col);
    if (cell === 'gru') b.k.gru_update(xw + 4 * t * G, hw, h, o, H);
    else b.k.lstm_update(xw + 4 * t * G, hw, cs, o, cs, H);
    h = o;
  }
}

const ceil16 = (p: number) => (p + 15) & ~15;

/** EdgeRnnLayer: x [S, In] → [memory [S, 2H] (forward | backward), final [1, 2H] = [→h_S; ←h_1]]. */
function edgeRnnLayer({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo[] {
  const { cell, fw, bw } = attrs as unknown as EdgeRnnLayerAttrs;
  const x = inputs.x as tf.TensorInfo;
  const [S, In] = x.shape;
  const H = fw.U.segments[0].width;
  const b = bind(backend);
  const memory = b.backend.makeOutput([S, 2 * H], 'float32');
  const final = b.backend.makeOutput([1, 2 * H], 'float32');
  const mp = b.ptr(memory), xp = b.ptr(x), fp = b.ptr(final);
  runDirection(b, cell, fw, xp, S, In, mp, 0, false);
  runDirection(b, cell, bw, xp, S, In, mp, H, true);
  b.copy(fp, mp + 4 * (S - 1) * 2 * H, 4 * H);
  b.copy(fp + 4 * H, mp + 4 * H, 4 * H);
  return [memory, final];
}

/**
 * EdgeDecoderStep: y [R, E], h [R, D] (c [R, D] for LSTM), memory [S, C], keys → [h' (, c'),
 * σ-readout [R, O], attention [R, S]]. Per row: attention of h over the keys, context,
 * x·W + b_x over [y; ctx] and h·U + b_h, the cell update, then the readout over [h'; ctx; y].
 */
function edgeDecoderStep({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo[] {
  const w = (attrs as unknown as EdgeDecoderStepAttrs).weights, cfg = w.config;
  const y = inputs.y as tf.TensorInfo, h = inputs.h as tf.TensorInfo, mem = inputs.memory as tf.TensorInfo, keys = inputs.keys as tf.TensorInfo;
  const R = y.shape[0], S = mem.shape[0], C = mem.shape[1], E = cfg.embDim, D = cfg.decHidden, O = cfg.outDim, G = w.decoder.W.n;
  const lstm = cfg.cell === 'lstm';
  const b = bind(backend);
  const hOut = b.backend.makeOutput([R, D], 'float32');
  const cOut = lstm ? b.backend.makeOutput([R, D], 'float32') : undefined;
  const readout = b.backend.makeOutput([R, O], 'float32');
  const attention = b.backend.makeOutput([R, S], 'float32');
  const A = w.attnWq ? w.attnWq.rows : 0;
  const carve = new Carver(b.alloc(carveBytes(4 * R * C, 4 * R * A, 4 * R * G, 4 * R * G) + rowsBytes(R, E) + rowsBytes(R, C) + 2 * rowsBytes(R, D)));
  const ctx = carve.take(4 * R * C), q = carve.take(4 * R * A), xw = carve.take(4 * R * G), hw = carve.take(4 * R * G);
  const yp = b.ptr(y), hp = b.ptr(h), mp = b.ptr(mem), kp = b.ptr(keys), ho = b.ptr(hOut), rp = b.ptr(readout), ap = b.ptr(attention);
  const cp = lstm ? b.ptr(inputs.c as tf.TensorInfo) : 0, co = cOut ? b.ptr(cOut) : 0;
  // Attention of each row's h over the keys, then its context.
  const xh = b.quantRows(hp, 4 * D, D, R, carve.rows(R, D));
  if (cfg.attention === 'bahdanau') b.matvecRows(w.attnWq!, [xh], R, q, 4 * A);
  for (let r = 0; r < R; r++) {
    const ar = ap + 4 * r * S;
    if (cfg.attention === 'bahdanau') b.k.attn_bahdanau(kp, q + 4 * r * A, b.ptr(w.attnV!), S, A, ar);
    else b.k.dot_rows(kp, hp + 4 * r * D, S, D, ar);
    b.k.softmax(ar, S);
    b.k.weighted_rows(ar, mp, S, C, ctx + 4 * r * C);
  }
  // The cell: x·W + b_x over [y; ctx], h·U + b_h, then the gates and the state update.
  const xy = b.quantRows(yp, 4 * E, E, R, carve.rows(R, E)), xc = b.quantRows(ctx, 4 * C, C, R, carve.rows(R, C));
  b.matvecRows(w.decoder.W, [xy, xc], R, xw, 4 * G);
  b.matvecRows(w.decoder.U, [xh], R, hw, 4 * G);
  for (let r = 0; r < R; r++) {
    if (lstm) b.k.lstm_update(xw + 4 * r * G, hw + 4 * r * G, cp + 4 * r * D, ho + 4 * r * D, co + 4 * r * D, D);
    else b.k.gru_update(xw + 4 * r * G, hw + 4 * r * G, hp + 4 * r * D, ho + 4 * r * D, D);
  }
  // The σ-readout over [h'; ctx; y].
  b.matvecRows(w.readout, [b.quantRows(ho, 4 * D, D, R, carve.rows(R, D)), xc, xy], R, rp, 4 * O);
  b.k.activate(rp, R * O, ACTIVATION.sigmoid);
  return cOut ? [hOut, cOut, readout, attention] : [hOut, readout, attention];
}

const registered = new Set<string>();

/**
 * Registers the Edge kernels for `backendName` once (the module is the compiled
 * edge-kernels.wasm); returns false if they were already registered.
 */
export function installEdgeKernels(module: WebAssembly.Module, backendName = 'wasm'): boolean {
  if (registered.has(backendName)) return false;
  kernelModule = module;
  const kernels: [string, tf.KernelConfig['kernelFunc']][] = [
    [EDGE_KERNELS.linear, edgeLinear as tf.KernelConfig['kernelFunc']],
    [EDGE_KERNELS.rnnLayer, edgeRnnLayer as unknown as tf.KernelConfig['kernelFunc']],
    [EDGE_KERNELS.decoderStep, edgeDecoderStep as unknown as tf.KernelConfig['kernelFunc']],
  ];
  for (const [kernelName, kernelFunc] of kernels) {
    if (tf.getKernel(kernelName, backendName)) tf.unregisterKernel(kernelName, backendName);
    tf.registerKernel({ kernelName, backendName, kernelFunc });
  }
  registered.add(backendName);
  return true;
}

/** Removes the Edge kernels of `backendName` (the reference graph is used from then on). */
export function uninstallEdgeKernels(backendName = 'wasm'): void {
  for (const name of Object.values(EDGE_KERNELS)) if (tf.getKernel(name, backendName)) tf.unregisterKernel(name, backendName);
  registered.delete(backendName);
}
