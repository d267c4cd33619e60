/** Per-channel symmetric int8 quantization, the channel-axis rule and error measurement. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  defaultChannelAxis,
  dequantizeInt8,
  quantizationError,
  quantizeInt8,
  storageDtypeFor,
} from '../../src/model/storage/quantize.ts';

describe('defaultChannelAxis', () => {
  it('quantizes embeddings per row (each token vector)', () => {
    expect(defaultChannelAxis('encoder/embedding/embeddings', [8000, 256])).toBe(0);
    expect(defaultChannelAxis('Decoder_Embedding', [8000, 256])).toBe(0);
  });

  it('quantizes other matrices per output channel, the last axis of an [in, out] kernel', () => {
    expect(defaultChannelAxis('dense/kernel', [256, 8000])).toBe(1);
    expect(defaultChannelAxis('gru/recurrent_kernel', [256, 768])).toBe(1);
    expect(defaultChannelAxis('conv/kernel', [3, 16, 32])).toBe(2);
  });
});

describe('storageDtypeFor', () => {
  it('keeps biases, vectors and scalars in float32 whatever the file dtype', () => {
    expect(storageDtypeFor([768], 'int8')).toBe('float32');
    expect(storageDtypeFor([768], 'float16')).toBe('float32');
    expect(storageDtypeFor([], 'int8')).toBe('float32');
  });

  it('stores matrices in the file dtype', () => {
    expect(storageDtypeFor([2, 3], 'int8')).toBe('int8');
    expect(storageDtypeFor([2, 3, 4], 'float16')).toBe('float16');
  });
});

describe('quantizeInt8', () => {
  const m = new Float32Array([1, -2, 0.5, 4]); // [[1, -2], [0.5, 4]]

  it('uses one scale per column, maxAbs/127, and rounds halves away from zero', () => {
    const { q, scales } = quantizeInt8(m, [2, 2], 1);
    expect(Array.from(scales)).toEqual([Math.fround(1 / 127), Math.fround(4 / 127)]);
    // -2 / (4/127) = -63.5 -> -64 ; 0.5 / (1/127) = 63.5 -> 64
    expect(Array.from(q)).toEqual([127, -64, 64, 127]);
  });

  it('uses one scale per row when the channel axis is 0', () => {
    const { q, scales } = quantizeInt8(m, [2, 2], 0);
    expect(Array.from(scales)).toEqual([Math.fround(2 / 127), Math.fround(4 / 127)]);
    expect(Array.from(q)).toEqual([64, -127, 16, 127]);
  });

  it('gives an all-zero channel a zero scale and zero codes', () => {
    const { q, scales } = quantizeInt8(new Float32Array([0, 3, 0, -3]), [2, 2], 1);
    expect(scales[0]).toBe(0);
    expect(q[0]).toBe(0);
    expect(q[2]).toBe(0);
    expect(Array.from(dequantizeInt8(q, scales, [2, 2], 1))).toEqual([0, 3, 0, -3]);
  });

  it('keeps a small column precise next to a column of large values', () => {
    const data = new Float32Array([0.001, 100, -0.002, -50, 0.0015, 25]); // [3, 2]
    const { q, scales } = quantizeInt8(data, [3, 2], 1);
    const back = dequantizeInt8(q, scales, [3, 2], 1);
    for (const i of [0, 2, 4]) expect(Math.abs(back[i] - data[i])).toBeLessThanOrEqual(0.002 / 127 / 2 + 1e-12);
  });

  it('keeps the half-scale bound for a channel of float32 subnormals', () => {
    const data = new Float32Array([1.4e-45, -2.1e-43, 1e-40, 5e-44]); // [4, 1]
    const { q, scales } = quantizeInt8(data, [4, 1], 1);
    const back = dequantizeInt8(q, scales, [4, 1], 1);
    expect(scales[0]).toBeGreaterThan(0);
    for (let i = 0; i < 4; i++) expect(Math.abs(back[i] - data[i])).toBeLessThanOrEqual(scales[0] / 2);
  });

  it('rejects a channel axis outside the shape', () => {
    expect(() => quantizeInt8(m, [2, 2], 2)).toThrow(/channel axis 2 is out of range/);
  });

  it('restores every element within half its channel scale, for any shape and axis', () => {
    const arb = fc
      .array(fc.integer({ min: 1, max: 5 }), { minLength: 2, maxLength: 3 })
      .chain((shape) =>
        fc.record({
          shape: fc.constant(shape),
          axis: fc.integer({ min: 0, max: shape.length - 1 }),
          data: fc.float32Array({
            noNaN: true,
            noDefaultInfinity: true,
            min: -1e6,
            max: 1e6,
            minLength: shape.reduce((a, b) => a * b, 1),
            maxLength: shape.reduce((a, b) => a * b, 1),
          }),
        }),
      );
    fc.assert(
      fc.property(arb, ({ shape, axis, data }) => {
        const { q, scales } = quantizeInt8(data, shape, axis);
        const back = dequantizeInt8(q, scales, shape, axis);
        const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
        for (let i = 0; i < data.length; i++) {
          const c = Math.floor(i / inner) % shape[axis];
          const s = scales[c];
          if (Math.abs(data[i] - back[i]) > s / 2 + 127 * s * 2 ** -22) return false;
          if (q[i] < -127 || q[i] > 127) return false;
        }
        return true;
      }),
      { numRuns: 500 },
    );
  });
});

describe('quantizationError', () => {
  it('reports the max absolute and the RMS difference', () => {
    const e = quantizationError(new Float32Array([1, 2, 3]), new Float32Array([1, 2.5, 2]));
    expect(e.maxAbsError).toBe(1);
    expect(e.rmsError).toBeCloseTo(Math.sqrt((0 + 0.25 + 1) / 3), 12);
  });

  it('reports zero error for an empty tensor', () => {
    expect(quantizationError(new Float32Array(0), new Float32Array(0))).toEqual({ maxAbsError: 0, rmsError: 0 });
  });
});
