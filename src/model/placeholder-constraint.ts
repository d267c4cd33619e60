/**
 * Placeholder integrity as a search constraint: the sentinel ids of a masked source must each
 * appear exactly once in the output, no other sentinel may appear, and EOS waits until all
 * are out (search/slot-constraint.ts does the bookkeeping, search/constraint.ts the masking).
 * Glossary terms are masked as placeholders too (text/glossary.ts), so the same constraint
 * makes every matched term appear exactly once.
 */
import type { SearchConstraint } from './search/constraint.ts';
import { slotConstraint } from './search/slot-constraint.ts';
import { MAX_SENTINELS, SENTINEL_BASE_ID } from './text/special-tokens.ts';

const SENTINEL_IDS: readonly number[] = Array.from({ length: MAX_SENTINELS }, (_, i) => SENTINEL_BASE_ID + i);

/** The constraint for the source ids `srcIds` of one masked sentence. */
export function placeholderConstraint(srcIds: readonly number[], eosId: number): SearchConstraint<number> {
  const required = srcIds.filter((id) => id >= SENTINEL_BASE_ID && id < SENTINEL_BASE_ID + MAX_SENTINELS);
  return slotConstraint(required, SENTINEL_IDS, eosId);
}
