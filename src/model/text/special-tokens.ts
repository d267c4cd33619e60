/**
 * Reserved vocabulary ids and placeholder sentinels shared by the tokenizer,
 * the placeholder masker, the model and the search.
 *
 * Layout of the first ids of every vocabulary:
 *   0 <pad>, 1 <unk>, 2 <s> (bos), 3 </s> (eos), 4 .. 4+MAX_SENTINELS-1 placeholder sentinels.
 *
 * A placeholder (printf/brace/$VAR/tag/URL/number) is masked into a single
 * private-use character U+E000 + i, where i is its slot index in the string.
 * The tokenizer maps that character to the id SENTINEL_BASE_ID + i and never
 * splits it; the model learns to copy sentinels through attention.
 */
export const PAD_ID = 0;
export const UNK_ID = 1;
export const BOS_ID = 2;
export const EOS_ID = 3;
/** How many distinct placeholder slots one string can use. */
export const MAX_SENTINELS = 32;
/** Id of the sentinel for slot 0. */
export const SENTINEL_BASE_ID = 4;
/** Number of reserved ids before learned subwords start. */
export const NUM_RESERVED = SENTINEL_BASE_ID + MAX_SENTINELS;
/** Code point of the sentinel character for slot 0 (Unicode private use area). */
export const SENTINEL_BASE_CODEPOINT = 0xe000;

export const sentinelChar = (slot: number): string => String.fromCharCode(SENTINEL_BASE_CODEPOINT + slot);
export const isSentinelChar = (ch: string): boolean => {
  const c = ch.charCodeAt(0);
  return ch.length === 1 && c >= SENTINEL_BASE_CODEPOINT && c < SENTINEL_BASE_CODEPOINT + MAX_SENTINELS;
};
