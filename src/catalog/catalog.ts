/**
 * What every catalog format (PO/POT, XLIFF 1.2/2.0, i18next JSON) looks like to the filler:
 * an ordered list of units, each with one source text per plural form, and a writer that
 * serialises the document with the filled units and everything else left as it was.
 * Pure TypeScript (no Node APIs): the CLI, tests and the demo page's bundle share it.
 */

export type CatalogFormat = 'po' | 'xliff' | 'json';

/** One translatable entry of a catalog. */
export interface CatalogUnit {
  /** How the entry is named to people: msgid (with context), XLIFF id, JSON key path. */
  key: string;
  context?: string;
  /** Source text of each target form: [singular] or, for plurals, [singular, plural]. */
  sources: string[];
  /** The translation the file holds, one per form (empty strings when untranslated). */
  targets: string[];
  /** Already translated in the file (left alone unless overwrite). */
  translated: boolean;
  /** Accelerator marks are a convention of this format (not of i18next JSON). */
  accelerators: boolean;
}

/** What the filler hands back for a unit it translated. */
export interface FilledUnit {
  /** One translation per entry of `sources`. */
  forms: string[];
  /** The lowest confidence over the forms, when the translator reports one. */
  confidence?: number;
  /** Below the low-confidence threshold: gets a `low-confidence` note. */
  lowConfidence: boolean;
}

/** Settings of the written file. */
export interface WriteOptions {
  /** Written into headers (PO X-Generator). */
  generator: string;
  /** PO-Revision-Date; defaults to now. */
  now?: Date;
}

/** A parsed catalog document. */
export interface ParsedCatalog {
  format: CatalogFormat;
  /** A human label of the dialect: "PO", "XLIFF 1.2", "XLIFF 2.0", "i18next JSON (nested)". */
  dialect: string;
  units: CatalogUnit[];
  /** Serialises the document; fills[i] replaces unit i (undefined: unit i as it was). */
  write(fills: readonly (FilledUnit | undefined)[], options: WriteOptions): string;
}

/** A malformed input file: names the file and the line. */
export class CatalogSyntaxError extends Error {
  readonly code = 'CATALOG_SYNTAX';
  constructor(readonly file: string, readonly line: number, readonly detail: string) {
    super(`invalid catalog ${file}:${line}: ${detail}`);
  }
}

/** 1-based line of a character offset. */
export function lineOfOffset(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < Math.min(offset, text.length); i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
