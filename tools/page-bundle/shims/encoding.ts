/**
 * Browser stand-in for the `encoding` package (iconv-lite, ~300 kB of code tables): the page
 * decodes catalogs with TextDecoder before parsing and writes UTF-8, so conversion is never needed.
 */
export function convert(): never {
  throw new Error('only UTF-8 output is written in the browser');
}
export default { convert };
