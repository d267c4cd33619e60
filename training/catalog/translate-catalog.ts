/**
 * The Node side of `npm run -s translate -- --file app.pot --out es.po`: reads the catalog
 * (format from the extension or --format) and the glossary, translates in-process with the
 * shared engine or, with --endpoint, through a running Worker's POST /translate (bounded
 * concurrency, bearer token from the environment variable named by --token-env), shows a
 * progress bar with ETA on stderr, and writes the result atomically (no partial file on
 * any failure). The format work itself is src/catalog/ (shared with the demo page).
 */
import fs from 'node:fs';
import path from 'node:path';
import cliProgress from 'cli-progress';
import { writeFileAtomic } from '../../tools/atomic-write.ts';
import type { TranslationEngine } from '../../src/model/engine.ts';
import { CATALOG_FORMATS, decodeCatalog, formatFromFileName, parseCatalog } from '../../src/catalog/formats.ts';
import { parseI18nextJson } from '../../src/catalog/i18next-json.ts';
import { DEFAULT_LOW_CONFIDENCE, fillCatalog, type BatchTranslator } from '../../src/catalog/fill.ts';
import { endpointTranslator } from '../../src/catalog/endpoint-translator.ts';
import { glossaryFormatFromFileName, parseGlossary } from '../../src/catalog/glossary.ts';
import type { CatalogFormat } from '../../src/catalog/catalog.ts';
import type { GlossaryEntry } from '../../src/model/translation.ts';

export interface CatalogCliOptions {
  file: string;
  out?: string;
  format?: string;
  overwrite: boolean;
  glossary?: string;
  endpoint?: string;
  tokenEnv: string;
  concurrency: number;
  batch: number;
  lowConfidence: number;
  model: string;
  beam: number;
  alpha: number;
  maxLength?: number;
}

function readGlossary(file: string): GlossaryEntry[] {
  const format = glossaryFormatFromFileName(file);
  if (!format) throw new Error(`--glossary must be a .tsv, .csv or .tbx file, got ${file}`);
  if (!fs.existsSync(file)) throw new Error(`glossary not found: ${file}`);
  return parseGlossary(fs.readFileSync(file, 'utf8'), format, file);
}

export async function translateCatalogFile(o: CatalogCliOptions): Promise<void> {
  let format: CatalogFormat | undefined;
  if (o.format !== undefined) {
    if (!CATALOG_FORMATS.includes(o.format as CatalogFormat)) throw new Error(`--format must be one of ${CATALOG_FORMATS.join(', ')}, got ${o.format}`);
    format = o.format as CatalogFormat;
  } else {
    format = formatFromFileName(o.file);
    if (!format) throw new Error(`unknown catalog format of ${o.file}: use a .po/.pot, .xlf/.xliff or .json name, or --format`);
  }
  if (!fs.existsSync(o.file)) throw new Error(`catalog not found: ${o.file}`);
  if (!o.out) throw new Error('--out FILE is missing (the translated catalog is written there, atomically)');
  const bytes = fs.readFileSync(o.file);
  // i18next JSON: an existing output file holds the translations already done.
  const catalog = format === 'json'
    ? parseI18nextJson(decodeCatalog(bytes, 'json', o.file), o.file, fs.existsSync(o.out) ? fs.readFileSync(o.out, 'utf8') : undefined)
    : parseCatalog(bytes, format, o.file);
  const glossary = o.glossary ? readGlossary(o.glossary) : undefined;

  let translate: BatchTranslator;
  const writeOptions = { generator: 'edge-mt' };
  let dispose = () => {};
  if (o.endpoint) {
    if (!/^https?:\/\//.test(o.endpoint)) throw new Error(`--endpoint must be an http(s) URL, got ${o.endpoint}`);
    const remote = endpointTranslator({ url: o.endpoint, token: process.env[o.tokenEnv], beam: o.beam, glossary });
    translate = (texts) => remote(texts).catch((e: Error) => {
      throw new Error(/answered 40[13]\b/.test(e.message) ? `${e.message} (the bearer token must be in $${o.tokenEnv})` : e.message);
    });
    writeOptions.generator = `edge-mt (${o.endpoint})`;
  } else {
    // Loaded on the first batch: a catalog with nothing left to translate needs no model.
    // tfjs is imported only then too, so bad input fails fast.
    let engine: TranslationEngine | undefined;
    translate = async (texts) => {
      if (!engine) {
        const [{ initBackend }, { loadEngine }] = await Promise.all([import('../../src/backend/node-wasm.ts'), import('../../tools/load-engine.ts')]);
        await initBackend('wasm');
        engine = await loadEngine(o.model);
        writeOptions.generator = `edge-mt ${engine.manifest.model_id}`;
      }
      await new Promise((r) => setImmediate(r)); // let the progress bar draw between batches
      return engine.translate(texts, { beam: o.beam, nbest: 1, alpha: o.alpha, maxLength: o.maxLength, attention: false, ...(glossary ? { glossary } : {}) })
        .map((r) => ({ translation: r.translation, ...(r.confidence !== undefined ? { confidence: r.confidence } : {}) }));
    };
    try {
      writeOptions.generator = `edge-mt ${(JSON.parse(fs.readFileSync(path.join(o.model, 'manifest.json'), 'utf8')) as { model_id: string }).model_id}`;
    } catch { /* no model folder: only needed if something is left to translate */ }
    dispose = () => engine?.dispose();
  }

  const bar = new cliProgress.SingleBar({ format: 'translate |{bar}| {value}/{total} texts | ETA {eta_formatted}', stream: process.stderr, noTTYOutput: true, notTTYSchedule: 5000, etaBuffer: 50 }, cliProgress.Presets.shades_classic);
  let started = false;
  const result = await fillCatalog(catalog, translate, writeOptions, {
    overwrite: o.overwrite,
    batchSize: o.batch,
    concurrency: o.endpoint ? o.concurrency : 1,
    lowConfidence: o.lowConfidence,
    onProgress: (done, total) => {
      if (total === 0) return;
      if (!started) { bar.start(total, 0); started = true; }
      bar.update(done);
    },
  }).finally(() => { if (started) bar.stop(); dispose(); });
  writeFileAtomic(path.resolve(o.out), result.output);
  process.stderr.write(`${catalog.dialect}: ${result.filled} entries filled (${result.translatedTexts} distinct texts), ${result.kept} kept, ${result.lowConfidence} low-confidence → ${o.out}\n`);
}

export { DEFAULT_LOW_CONFIDENCE };
