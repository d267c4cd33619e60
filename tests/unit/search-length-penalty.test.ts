import { describe, expect, it } from 'vitest';
import { lengthPenalty, normalizedScore } from '../../src/model/search/length-penalty.ts';
import { resolveMaxLength, resolveMinLength } from '../../src/model/search/decode-limits.ts';

describe('GNMT length penalty', () => {
  it('is ((5 + |Y|) / 6)^alpha', () => {
    expect(lengthPenalty(1, 0.6)).toBe(1);
    expect(lengthPenalty(2, 0.6)).toBeCloseTo(1.0969026199, 9); // (7/6)^0.6
    expect(lengthPenalty(4, 0.6)).toBeCloseTo(1.2754245006, 9); // (9/6)^0.6
    expect(lengthPenalty(7, 1)).toBe(2); // 12/6
    expect(lengthPenalty(50, 0)).toBe(1);
  });

  it('normalises a log-probability by the penalty', () => {
    expect(normalizedScore(Math.log(0.3), 2, 0.6)).toBeCloseTo(-1.0976113854, 9);
    expect(normalizedScore(-3, 7, 1)).toBe(-1.5);
    expect(normalizedScore(-3, 7, 0)).toBe(-3);
  });
});

describe('length limits', () => {
  it('caps at min(maxLength, floor(ratio * srcLen + offset))', () => {
    expect(resolveMaxLength(5, {})).toBe(20); // 2·5 + 10
    expect(resolveMaxLength(200, {})).toBe(256); // absolute cap
    expect(resolveMaxLength(5, { maxLength: 12 })).toBe(12);
    expect(resolveMaxLength(5, { maxLengthRatio: { ratio: 1.5, offset: 0.9 } })).toBe(8); // floor(8.4)
    expect(resolveMaxLength(3, { maxLengthRatio: 2 })).toBe(6);
    expect(resolveMaxLength(0, { maxLengthRatio: 2 })).toBe(1); // at least one step
  });

  it('rejects impossible limits', () => {
    expect(() => resolveMaxLength(3, { maxLength: 0 })).toThrow(/maxLength/);
    expect(() => resolveMaxLength(3, { maxLengthRatio: Number.NaN })).toThrow(/maxLengthRatio/);
    expect(() => resolveMinLength({ minLength: -1 })).toThrow(/minLength/);
    expect(resolveMinLength({})).toBe(0);
  });
});
