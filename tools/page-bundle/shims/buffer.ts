/**
 * Browser stand-in for node:buffer, enough for gettext-parser's UTF-8 paths: the PO compiler
 * calls Buffer.from(text, 'utf-8') and the page decodes the bytes with TextDecoder.
 */
export const Buffer = {
  from(text: string): Uint8Array {
    return new TextEncoder().encode(text);
  },
  isBuffer(): boolean {
    return false;
  },
};
export default { Buffer };
