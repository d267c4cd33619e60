/**
 * Kernel patches for tfjs-backend-wasm 4.22.0 that training (and inference) rely on.
 *
 * 1. Transposed matmul. The wasm BatchMatMul kernel is 15–20× slower when `transposeA`
 *    or `transposeB` is set, and every matmul gradient sets one of them. The patched
 *    kernel materialises the transpose with the (fast, memory-bound) Transpose kernel
 *    and then runs the plain, fast matmul.
 * 2. Nothing else is patched: the embedding gradient is handled in the model by a
 *    custom gradient built on scatterND, because UnsortedSegmentSum has no wasm kernel.
 *
 * Pinned to tfjs 4.22.0: `installFastKernels` throws if the kernels it wraps are missing.
 */
import * as tf from '@tensorflow/tfjs';

type KernelFunc = tf.KernelConfig['kernelFunc'];
interface MatMulAttrs { transposeA: boolean; transposeB: boolean }

const installed = new Set<string>();

/** Patches the kernels of `backendName` once; returns false if they were already patched. */
export function installFastKernels(backendName = 'wasm'): boolean {
  if (installed.has(backendName)) return false;
  const matmul = tf.getKernel('BatchMatMul', backendName);
  const transpose = tf.getKernel('Transpose', backendName);
  if (!matmul || !transpose) {
    throw new Error(`fast kernels: BatchMatMul/Transpose kernels not found on backend "${backendName}" (tfjs 4.22.0 expected)`);
  }
  const plainMatMul = matmul.kernelFunc;
  const transposeFn = transpose.kernelFunc;
  const fastMatMul: KernelFunc = (args) => {
    const { transposeA, transposeB } = args.attrs as unknown as MatMulAttrs;
    if (!transposeA && !transposeB) return plainMatMul(args);
    const backend = args.backend as tf.KernelBackend;
    const swapLast = (x: tf.TensorInfo): tf.TensorInfo => {
      const r = x.shape.length;
      const perm = [...Array(r).keys()];
      [perm[r - 2], perm[r - 1]] = [perm[r - 1], perm[r - 2]];
      return transposeFn({ inputs: { x }, backend, attrs: { perm } }) as tf.TensorInfo;
    };
    const a = transposeA ? swapLast(args.inputs.a as tf.TensorInfo) : (args.inputs.a as tf.TensorInfo);
    const b = transposeB ? swapLast(args.inputs.b as tf.TensorInfo) : (args.inputs.b as tf.TensorInfo);
    const out = plainMatMul({ ...args, inputs: { a, b }, attrs: { ...args.attrs, transposeA: false, transposeB: false } });
    if (transposeA) backend.disposeData(a.dataId);
    if (transposeB) backend.disposeData(b.dataId);
    return out;
  };
  tf.unregisterKernel('BatchMatMul', backendName);
  tf.registerKernel({ ...matmul, kernelFunc: fastMatMul });
  installed.add(backendName);
  return true;
}
