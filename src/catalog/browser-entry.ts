/**
 * What the demo page calls (bundled by tools/page-bundle/build.ts as the global
 * `EdgeMtCatalog`): parse a dropped catalog, fill it through this Worker's POST /translate
 * in batches, and return the file to download with a per-entry report. The same modules as
 * the CLI's `translate --file --endpoint`.
 */
import { endpointTranslator } from './endpoint-translator.ts';
import { fillCatalog, type UnitReport } from './fill.ts';
import { formatFromFileName, parseCatalog } from './formats.ts';

export { parseCatalog, formatFromFileName };

export interface PageTranslateOptions {
  bytes: Uint8Array;
  name: string;
  token?: string;
  beam?: number;
  overwrite?: boolean;
  onProgress?: (done: number, total: number) => void;
}

export interface PageTranslateResult {
  dialect: string;
  outName: string;
  mimeType: string;
  output: string;
  units: UnitReport[];
  filled: number;
  kept: number;
  lowConfidence: number;
}

/** app.pot → app.es.po, ui.xlf → ui.es.xlf, en.json → en.es.json. */
export function outputName(name: string): string {
  const m = /^(.*?)(\.[^.]+)?$/.exec(name)!;
  const ext = (m[2] ?? '').toLowerCase() === '.pot' ? '.po' : m[2] ?? '';
  return `${m[1]}.es${ext}`;
}

export async function translateFile(o: PageTranslateOptions): Promise<PageTranslateResult> {
  const format = formatFromFileName(o.name);
  if (!format) throw new Error(`${o.name}: not a .po, .pot, .xlf, .xliff or .json file`);
  const catalog = parseCatalog(o.bytes, format, o.name);
  const translate = endpointTranslator({ url: '', token: o.token, beam: o.beam });
  const r = await fillCatalog(catalog, translate, { generator: 'edge-mt (demo page)' }, { overwrite: o.overwrite, batchSize: 8, concurrency: 2, onProgress: o.onProgress });
  const mimeType = format === 'po' ? 'text/x-gettext-translation' : format === 'xliff' ? 'application/xliff+xml' : 'application/json';
  return { dialect: catalog.dialect, outName: outputName(o.name), mimeType, output: r.output, units: r.units, filled: r.filled, kept: r.kept, lowConfidence: r.lowConfidence };
}
