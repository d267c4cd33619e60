/** IEEE binary16 conversion: known bit patterns, rounding ties to even, and exhaustive round trips. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { float16BitsToFloat32, float32ToFloat16Bits } from '../../src/model/storage/quantize.ts';

const isNaNBits = (h: number): boolean => (h & 0x7c00) === 0x7c00 && (h & 0x3ff) !== 0;

describe('float32ToFloat16Bits', () => {
  it.each([
    [1, 0x3c00],
    [-2, 0xc000],
    [0.5, 0x3800],
    [0.1, 0x2e66],
    [1 / 3, 0x3555],
    [65504, 0x7bff],
    [0, 0x0000],
    [-0, 0x8000],
    [2 ** -14, 0x0400], // smallest normal
    [2 ** -24, 0x0001], // smallest subnormal
    [1023 * 2 ** -24, 0x03ff], // largest subnormal
    [Infinity, 0x7c00],
    [-Infinity, 0xfc00],
    [1e5, 0x7c00], // overflow
    [-1e5, 0xfc00],
    [1e-40, 0x0000], // float32 subnormal underflows to zero
  ])('encodes %d as the bit pattern %i', (value, bits) => {
    expect(float32ToFloat16Bits(value)).toBe(bits);
  });

  it.each([
    ['1 + 2^-11 (tie) rounds down to the even 1.0', 1 + 2 ** -11, 0x3c00],
    ['1 + 3*2^-11 (tie) rounds up to the even 0x3C02', 1 + 3 * 2 ** -11, 0x3c02],
    ['2049 (tie) rounds to the even 2048', 2049, 0x6800],
    ['2051 (tie) rounds to the even 2052', 2051, 0x6802],
    ['65519 rounds down to the largest finite 65504', 65519, 0x7bff],
    ['65520 (tie) rounds to infinity, whose mantissa is even', 65520, 0x7c00],
    ['2^-25 (tie) rounds to the even zero', 2 ** -25, 0x0000],
    ['1.5 * 2^-25 rounds up to the smallest subnormal', 1.5 * 2 ** -25, 0x0001],
    ['3 * 2^-25 (tie) rounds to the even subnormal 2', 3 * 2 ** -25, 0x0002],
    ['2^-14 - 2^-25 (tie) carries from subnormal into the smallest normal', 2 ** -14 - 2 ** -25, 0x0400],
  ])('%s', (_label, value, bits) => {
    expect(float32ToFloat16Bits(value)).toBe(bits);
  });

  it('encodes NaN as a NaN pattern', () => {
    expect(isNaNBits(float32ToFloat16Bits(NaN))).toBe(true);
  });

  it('returns the nearest half for any float32, with ties going to the even mantissa', () => {
    fc.assert(
      fc.property(fc.float({ noNaN: true, min: -65504, max: 65504 }), (x) => {
        const h = float32ToFloat16Bits(x);
        const err = Math.abs(x - float16BitsToFloat32(h));
        // Neighbours on the same side of zero (h ± 1 in the magnitude bits).
        for (const n of [h - 1, h + 1]) {
          if ((n & 0x7fff) > 0x7bff || (n & 0x8000) !== (h & 0x8000) || n < 0) continue;
          const nErr = Math.abs(x - float16BitsToFloat32(n));
          if (nErr < err || (nErr === err && (h & 1) === 1)) return false;
        }
        return true;
      }),
      { numRuns: 20000 },
    );
  });
});

describe('float16BitsToFloat32', () => {
  it.each([
    [0x3c00, 1],
    [0x7bff, 65504],
    [0x0001, 2 ** -24],
    [0x3555, 0.333251953125],
    [0xc000, -2],
    [0x7c00, Infinity],
    [0xfc00, -Infinity],
  ])('decodes %i as %d', (bits, value) => {
    expect(float16BitsToFloat32(bits)).toBe(value);
  });

  it('decodes 0x8000 as negative zero', () => {
    expect(Object.is(float16BitsToFloat32(0x8000), -0)).toBe(true);
  });

  it('decodes every NaN pattern as NaN', () => {
    for (let m = 1; m < 0x400; m++) {
      expect(float16BitsToFloat32(0x7c00 | m)).toBeNaN();
      expect(float16BitsToFloat32(0xfc00 | m)).toBeNaN();
    }
  });

  it('round-trips every one of the 65536 bit patterns through float32 and back', () => {
    for (let h = 0; h < 0x10000; h++) {
      const back = float32ToFloat16Bits(float16BitsToFloat32(h));
      if (isNaNBits(h)) expect(isNaNBits(back)).toBe(true);
      else if (back !== h) expect.fail(`0x${h.toString(16)} came back as 0x${back.toString(16)}`);
    }
  });
});
