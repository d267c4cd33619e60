/**
 * Weight quantization for the binary weight file: per-channel symmetric int8,
 * IEEE half precision (float16) and plain float32, plus error measurement.
 *
 * Which tensors are quantized (see `storageDtypeFor`):
 *   - tensors of rank < 2 (biases, gains, scalars) always stay float32;
 *   - tensors of rank >= 2 take the file dtype ('int8' | 'float16' | 'float32').
 *
 * Int8 channel axis rule (see `defaultChannelAxis`), one float32 scale per channel:
 *   - a tensor whose name contains "embedding" (case-insensitive) is quantized
 *     per ROW, axis 0: each token's vector of a [vocab, dim] table gets its own scale;
 *   - every other matrix per OUTPUT channel, the LAST axis: tfjs Dense/GRU kernels
 *     are stored [in, out], so each output unit (column) gets its own scale.
 * For channel c: scale = fround(maxAbs_c / 127) (at least 2^-126 unless the channel is all
 * zeros, so that tiny channels keep the bound) and q = round(x / scale) clamped
 * to [-127, 127] (rounding halves away from zero, so +x and -x quantize alike);
 * dequantized x' = fround(q * scale), hence |x - x'| <= scale / 2 (+ one float32 rounding).
 *
 * Float16 conversion is implemented here (Node 20 has no Float16Array):
 * round-to-nearest-even, subnormals, ±Infinity and NaN are handled bit-exactly.
 *
 * Pure TypeScript, no Node modules: runs in Node and in the Worker.
 */

export type WeightDtype = 'int8' | 'float16' | 'float32';

export const WEIGHT_DTYPES: readonly WeightDtype[] = ['int8', 'float16', 'float32'];

/** Smallest positive normal float32 (FLT_MIN), the floor of a non-zero int8 scale. */
const FLOAT32_MIN_NORMAL = 2 ** -126;

/** Per-tensor quantization error against the original float32 values. */
export interface QuantizationError {
  /** max_i |x_i - x'_i| */
  maxAbsError: number;
  /** sqrt(mean_i (x_i - x'_i)^2); 0 for an empty tensor */
  rmsError: number;
}

/** Per-channel int8 codes and their float32 scales. */
export interface Int8Quantized {
  q: Int8Array;
  /** One scale per index of the channel axis (length shape[channelAxis]). */
  scales: Float32Array;
}

export const elementCount = (shape: readonly number[]): number => shape.reduce((n, d) => n * d, 1);

/** The dtype a tensor of this rank is stored with in a file of `fileDtype`. */
export const storageDtypeFor = (shape: readonly number[], fileDtype: WeightDtype): WeightDtype =>
  shape.length < 2 ? 'float32' : fileDtype;

/** Channel axis for int8: 0 (per row) for embeddings, otherwise the last axis (per output channel). */
export const defaultChannelAxis = (name: string, shape: readonly number[]): number =>
  name.toLowerCase().includes('embedding') ? 0 : shape.length - 1;

/** Sizes of the [outer, channels, inner] view of `shape` around `axis`. */
const splitAroundAxis = (shape: readonly number[], axis: number): [number, number, number] => [
  elementCount(shape.slice(0, axis)),
  shape[axis],
  elementCount(shape.slice(axis + 1)),
];

const assertAxis = (shape: readonly number[], axis: number): void => {
  if (!Number.isInteger(axis) || axis < 0 || axis >= shape.length) {
    throw new RangeError(`channel axis ${axis} is out of range for shape [${shape.join(', ')}]`);
  }
};

/** Symmetric per-channel int8 quantization of `data` (row-major, `shape`) along `channelAxis`. */
export function quantizeInt8(data: Float32Array, shape: readonly number[], channelAxis: number): Int8Quantized {
  assertAxis(shape, channelAxis);
  const [outer, channels, inner] = splitAroundAxis(shape, channelAxis);
  const maxAbs = new Float64Array(channels);
  let i = 0;
  for (let o = 0; o < outer; o++) {
    for (let c = 0; c < channels; c++) {
      let m = maxAbs[c];
      for (let k = 0; k < inner; k++, i++) m = Math.max(m, Math.abs(data[i]));
      maxAbs[c] = m;
    }
  }
  const scales = new Float32Array(channels);
  // A non-zero channel's scale is at least FLT_MIN: a subnormal (or zero) scale would lose the bound.
  for (let c = 0; c < channels; c++) scales[c] = maxAbs[c] === 0 ? 0 : Math.max(maxAbs[c] / 127, FLOAT32_MIN_NORMAL);
  const q = new Int8Array(data.length);
  i = 0;
  for (let o = 0; o < outer; o++) {
    for (let c = 0; c < channels; c++) {
      const s = scales[c];
      for (let k = 0; k < inner; k++, i++) {
        if (s === 0) continue;
        const v = data[i] / s;
        const r = Math.sign(v) * Math.round(Math.abs(v));
        q[i] = Math.max(-127, Math.min(127, r));
      }
    }
  }
  return { q, scales };
}

/** Inverse of `quantizeInt8`: x' = q * scale[channel], in float32. */
export function dequantizeInt8(
  q: Int8Array,
  scales: Float32Array,
  shape: readonly number[],
  channelAxis: number,
): Float32Array {
  assertAxis(shape, channelAxis);
  const [outer, channels, inner] = splitAroundAxis(shape, channelAxis);
  const out = new Float32Array(q.length);
  let i = 0;
  for (let o = 0; o < outer; o++) {
    for (let c = 0; c < channels; c++) {
      const s = scales[c];
      for (let k = 0; k < inner; k++, i++) out[i] = q[i] * s;
    }
  }
  return out;
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** Rounds `value >>> shift` to nearest, ties to even (0 <= value < 2^31, 1 <= shift <= 24). */
const shiftRoundEven = (value: number, shift: number): number => {
  const result = value >>> shift;
  const rem = value & ((1 << shift) - 1);
  const half = 1 << (shift - 1);
  return rem > half || (rem === half && (result & 1) === 1) ? result + 1 : result;
};

/** IEEE 754 binary16 bit pattern of `value` (first rounded to float32), round-to-nearest-even. */
export function float32ToFloat16Bits(value: number): number {
  f32[0] = value;
  const x = u32[0];
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  const mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant === 0 ? 0 : 0x200 | (mant >>> 13)); // Inf / quiet NaN
  const e = exp - 127 + 15; // biased half exponent
  if (e >= 0x1f) return sign | 0x7c00; // overflow to infinity
  if (e >= 1) {
    // Normal half: a mantissa carry may step into the next exponent (or infinity), which is correct.
    return sign | shiftRoundEven((e << 23) | mant, 13);
  }
  // Subnormal half (or zero): value = full * 2^(exp-150) = h * 2^-24, h = full >> (126 - exp).
  const shift = 14 - e;
  if (shift > 24) return sign;
  const full = exp === 0 ? mant : mant | 0x800000; // float32 subnormals are far below half's range
  return sign | shiftRoundEven(full, shift);
}

/** The number a binary16 bit pattern stands for. */
export function float16BitsToFloat32(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exp = (bits >>> 10) & 0x1f;
  const mant = bits & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 0x1f) return mant === 0 ? sign * Infinity : NaN;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}

export function quantizeFloat16(data: Float32Array): Uint16Array {
  const out = new Uint16Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = float32ToFloat16Bits(data[i]);
  return out;
}

/** float16BitsToFloat32 for all 65536 patterns, built on first use (256 KiB). */
let halfTable: Float32Array | undefined;

export function dequantizeFloat16(bits: Uint16Array): Float32Array {
  if (!halfTable) {
    halfTable = new Float32Array(0x10000);
    for (let h = 0; h < 0x10000; h++) halfTable[h] = float16BitsToFloat32(h);
  }
  const table = halfTable;
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) out[i] = table[bits[i]];
  return out;
}

/** Max absolute and RMS difference between `original` and `restored` (same length). */
export function quantizationError(original: Float32Array, restored: Float32Array): QuantizationError {
  if (original.length !== restored.length) {
    throw new RangeError(`length mismatch: ${original.length} vs ${restored.length}`);
  }
  let maxAbsError = 0;
  let sumSq = 0;
  for (let i = 0; i < original.length; i++) {
    const d = Math.abs(original[i] - restored[i]);
    maxAbsError = Math.max(maxAbsError, d); // NaN propagates
    sumSq += d * d;
  }
  return { maxAbsError, rmsError: original.length === 0 ? 0 : Math.sqrt(sumSq / original.length) };
}
