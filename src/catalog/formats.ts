/**
 * Picks a catalog format from a file name (or an explicit --format) and parses bytes or
 * text with it. PO files are decoded with the charset of their header (TextDecoder, so
 * legacy encodings work in Node and in the browser); XLIFF and JSON must be UTF-8.
 */
import { CatalogSyntaxError, type CatalogFormat, type ParsedCatalog } from './catalog.ts';
import { parseI18nextJson } from './i18next-json.ts';
import { parsePo } from './po.ts';
import { parseXliff } from './xliff.ts';

export const CATALOG_FORMATS: readonly CatalogFormat[] = ['po', 'xliff', 'json'];

/** The format named by a file's extension, or undefined. */
export function formatFromFileName(name: string): CatalogFormat | undefined {
  const ext = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase();
  if (ext === 'po' || ext === 'pot') return 'po';
  if (ext === 'xlf' || ext === 'xliff' || ext === 'xlif') return 'xliff';
  if (ext === 'json') return 'json';
  return undefined;
}

/** The text of a catalog file: UTF-8, or for PO the header's charset. */
export function decodeCatalog(bytes: Uint8Array, format: CatalogFormat, file: string): string {
  let charset = 'utf-8';
  if (format === 'po') {
    const head = new TextDecoder('latin1').decode(bytes.subarray(0, 4096));
    const declared = /charset=([A-Za-z0-9._:-]+)/.exec(head)?.[1];
    if (declared && declared.toUpperCase() !== 'CHARSET') charset = declared;
  }
  try {
    const text = new TextDecoder(charset, { fatal: true }).decode(bytes);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    throw new CatalogSyntaxError(file, 1, `not valid ${charset} text`);
  }
}

/** Parses a catalog in the given format. Malformed input throws CatalogSyntaxError. */
export function parseCatalog(input: string | Uint8Array, format: CatalogFormat, file: string): ParsedCatalog {
  const text = typeof input === 'string' ? input : decodeCatalog(input, format, file);
  if (format === 'po') return parsePo(text, file);
  if (format === 'xliff') return parseXliff(text, file);
  return parseI18nextJson(text, file);
}
