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
 * (training/lib/wasm-node.ts), workerd imports it as a CompiledWasm module (src/wasm-backend.ts),
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

  /** Quantizes `n` floats at `src` to int16 at `dst`: [dst, scale]. */
  quant(src: number, n: number, dst: number): [number, number] {
    return [dst, this.k.quant16(src, n, dst)];
  }
}

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

/** EdgeLinear: x [R, K] → act(x·W + b) [R, W.n]. */
function edgeLinear({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo {
  const { m, activation } = attrs as unknown as EdgeLinearAttrs;
  const x = inputs.x as tf.TensorInfo;
  const [R, K] = x.shape;
  const b = bind(backend);
  const out = b.backend.makeOutput([R, m.n], 'float32');
  let widths = 0;
  for (const s of m.segments) widths += ceil8(s.width);
  const q = b.alloc(2 * widths);
  const xp = b.ptr(x), op = b.ptr(out);
  for (let r = 0; r < R; r++) {
    let col = 0, at = q;
    const xs = m.segments.map((s) => {
      const v = b.quant(xp + 4 * (r * K + col), s.width, at);
      col += s.width; at += 2 * ceil8(s.width);
      return v;
    });
    b.matvec(m, xs, op + 4 * r * m.n);
    if (activation !== 'linear') b.k.activate(op + 4 * r * m.n, m.n, ACTIVATION[activation]);
  }
  return out;
}

/** One direction of a recurrent layer over S positions, outputs written at column `col` of out [S, 2H]. */
function runDirection(b: Bound, cell: EdgeRnnLayerAttrs['cell'], w: QCell, x: number, S: number, In: number, out: number, col: number, reverse: boolean): void {
  const H = w.U.segments[0].width, G = w.W.n, C2 = 2 * H;
  const In8 = ceil8(In), H8 = ceil8(H);
  // scratch: xw [S, G] | hw [G] | qx [In8] | qh [H8] | zero h [H] | c [H]
  const base = b.alloc(4 * S * G + 4 * G + 2 * In8 + 2 * H8 + 8 * H + 64);
  const xw = base, hw = xw + 4 * S * G, qx = hw + 4 * G, qh = ceil16(qx + 2 * In8), zero = ceil16(qh + 2 * H8), cs = zero + 4 * H;
  b.backend.wasm.HEAPU8.fill(0, zero, zero + 8 * H); // h_0 = 0 (and c_0 = 0)
  for (let t = 0; t < S; t++) b.matvec(w.W, [b.quant(x + 4 * t * In, In, qx)], xw + 4 * t * G); // x·W + b_x, all positions
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
  // scratch: ctx [C] | q [A] | xw [G] | hw [G] | qy [E8] | qc [C8] | qh [D8] | qh' [D8]
  const E8 = ceil8(E), C8 = ceil8(C), D8 = ceil8(D);
  const base = b.alloc(4 * (C + A + 2 * G) + 2 * (E8 + C8 + 2 * D8) + 128);
  const ctx = base, q = ceil16(ctx + 4 * C), xw = ceil16(q + 4 * A), hw = ceil16(xw + 4 * G);
  const qy = ceil16(hw + 4 * G), qc = ceil16(qy + 2 * E8), qh = ceil16(qc + 2 * C8), qh2 = ceil16(qh + 2 * D8);
  const yp = b.ptr(y), hp = b.ptr(h), mp = b.ptr(mem), kp = b.ptr(keys), ho = b.ptr(hOut), rp = b.ptr(readout), ap = b.ptr(attention);
  const cp = lstm ? b.ptr(inputs.c as tf.TensorInfo) : 0, co = cOut ? b.ptr(cOut) : 0;
  for (let r = 0; r < R; r++) {
    const hr = hp + 4 * r * D, ar = ap + 4 * r * S, yr = yp + 4 * r * E, hor = ho + 4 * r * D;
    const xh = b.quant(hr, D, qh);
    if (cfg.attention === 'bahdanau') {
      b.matvec(w.attnWq!, [xh], q);
      b.k.attn_bahdanau(kp, q, b.ptr(w.attnV!), S, A, ar);
    } else {
      b.k.dot_rows(kp, hr, S, D, ar);
    }
    b.k.softmax(ar, S);
    b.k.weighted_rows(ar, mp, S, C, ctx);
    const xy = b.quant(yr, E, qy), xc = b.quant(ctx, C, qc);
    b.matvec(w.decoder.W, [xy, xc], xw);
    b.matvec(w.decoder.U, [xh], hw);
    if (lstm) b.k.lstm_update(xw, hw, cp + 4 * r * D, hor, co + 4 * r * D, D);
    else b.k.gru_update(xw, hw, hr, hor, D);
    b.matvec(w.readout, [b.quant(hor, D, qh2), xc, xy], rp + 4 * r * O);
    b.k.activate(rp + 4 * r * O, O, ACTIVATION.sigmoid);
  }
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
