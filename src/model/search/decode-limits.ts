/**
 * Output length limits shared by greedy and beam search.
 *
 * maxLen = min(maxLength, floor(ratio * srcLen + offset)), at least 1, where srcLen = srcIds.length.
 * maxLen counts decoding steps: an unfinished hypothesis has at most maxLen tokens,
 * a finished one at most maxLen - 1 tokens followed by EOS.
 * minLength: EOS is forbidden while fewer than minLength tokens have been emitted.
 */
export interface LengthRatio {
  ratio: number;
  offset: number;
}

export interface LengthLimits {
  /** Absolute cap on decoding steps (default 256). */
  maxLength?: number;
  /** Cap relative to the source length; a number means { ratio: n, offset: 0 } (default 2·srcLen + 10). */
  maxLengthRatio?: number | LengthRatio;
  /** EOS is forbidden before this many tokens (default 0). */
  minLength?: number;
}

export const DEFAULT_MAX_LENGTH = 256;
export const DEFAULT_LENGTH_RATIO: LengthRatio = { ratio: 2, offset: 10 };

/** The step cap for a source of srcLen tokens. */
export function resolveMaxLength(srcLen: number, limits: LengthLimits): number {
  const cap = limits.maxLength ?? DEFAULT_MAX_LENGTH;
  if (!(cap >= 1)) throw new RangeError(`maxLength must be >= 1, got ${cap}`);
  const r = limits.maxLengthRatio ?? DEFAULT_LENGTH_RATIO;
  const { ratio, offset } = typeof r === 'number' ? { ratio: r, offset: 0 } : r;
  if (!Number.isFinite(ratio) || !Number.isFinite(offset)) {
    throw new RangeError(`maxLengthRatio must be finite, got ${ratio}·srcLen + ${offset}`);
  }
  return Math.max(1, Math.min(Math.floor(cap), Math.floor(ratio * srcLen + offset)));
}

/** minLength validated (a non-negative integer, default 0). */
export function resolveMinLength(limits: LengthLimits): number {
  const min = limits.minLength ?? 0;
  if (!Number.isInteger(min) || min < 0) throw new RangeError(`minLength must be a non-negative integer, got ${min}`);
  return min;
}
