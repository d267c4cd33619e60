/**
 * The translation memory's key: a source (or context) normalised to Unicode NFC, with every
 * run of whitespace collapsed to one space and the ends trimmed. Case and punctuation are
 * kept: UI strings that differ in them are different strings.
 */
export function normaliseKey(text: string): string {
  return text.normalize('NFC').replace(/\s+/gu, ' ').trim();
}
