/**
 * FNV-1a 32-bit hash of the UTF-8 bytes of a string (offset basis 0x811c9dc5,
 * prime 0x01000193). Used to assign corpus pairs to splits deterministically.
 */
const encoder = new TextEncoder();

export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of encoder.encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
