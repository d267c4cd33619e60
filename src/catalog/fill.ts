/**
 * Fills a parsed catalog: collects the source texts of the units that need a translation
 * (all of them with `overwrite`), takes accelerator marks out, translates each distinct
 * text once, in batches (several at a time when the translator allows it), puts the marks
 * back, and writes the document. Units already translated are left exactly as they were.
 *
 * The translator is a function from a batch of texts to their results: the in-process
 * engine in the CLI, or POST /translate of a running Worker (endpoint-translator.ts) in the
 * CLI's --endpoint mode and on the demo page.
 */
import { findAccelerator, placeAccelerator } from './accelerators.ts';
import type { FilledUnit, ParsedCatalog, WriteOptions } from './catalog.ts';

/** The result of one text. */
export interface SegmentResult {
  translation: string;
  /** In [0, 1], when the engine reports it. */
  confidence?: number;
}

export type BatchTranslator = (texts: string[]) => Promise<SegmentResult[]>;

/** Below this confidence a filled entry is flagged `low-confidence` (see the README). */
export const DEFAULT_LOW_CONFIDENCE = 0.35;

export interface FillOptions {
  /** Retranslate units that already have a translation. */
  overwrite?: boolean;
  /** Texts per translator call (default 16). */
  batchSize?: number;
  /** Translator calls in flight at once (default 1). */
  concurrency?: number;
  /** Confidence below which an entry gets a low-confidence note (default DEFAULT_LOW_CONFIDENCE). */
  lowConfidence?: number;
  /** Called after each batch with texts done and total. */
  onProgress?: (done: number, total: number) => void;
}

/** What happened to each unit, for reports and the page. */
export interface UnitReport {
  key: string;
  context?: string;
  sources: string[];
  /** The forms written (filled or kept); empty when the unit stays untranslated. */
  forms: string[];
  status: 'filled' | 'kept';
  confidence?: number;
  lowConfidence: boolean;
}

export interface FillResult {
  output: string;
  units: UnitReport[];
  /** Units filled, kept (already translated), and distinct texts sent to the translator. */
  filled: number;
  kept: number;
  translatedTexts: number;
  lowConfidence: number;
}

/** Runs `work` on every item with at most `limit` promises in flight; results in item order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const runners = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i], i);
    }
  });
  await Promise.all(runners);
  return results;
}

export async function fillCatalog(catalog: ParsedCatalog, translate: BatchTranslator, write: WriteOptions, options: FillOptions = {}): Promise<FillResult> {
  const batchSize = Math.max(1, options.batchSize ?? 16);
  const threshold = options.lowConfidence ?? DEFAULT_LOW_CONFIDENCE;
  const todo = catalog.units.map((u) => options.overwrite || !u.translated);
  // The text the engine sees for each form: accelerator marks taken out.
  const plan = catalog.units.map((u, i) => (todo[i] ? u.sources.map((s) => (u.accelerators ? findAccelerator(s) : undefined)) : []));
  const texts: string[] = [];
  const index = new Map<string, number>();
  catalog.units.forEach((u, i) => {
    if (!todo[i]) return;
    u.sources.forEach((s, f) => {
      const text = plan[i][f]?.stripped ?? s;
      if (text.trim() !== '' && !index.has(text)) {
        index.set(text, texts.length);
        texts.push(text);
      }
    });
  });
  const batches: string[][] = [];
  for (let i = 0; i < texts.length; i += batchSize) batches.push(texts.slice(i, i + batchSize));
  let done = 0;
  options.onProgress?.(0, texts.length);
  const results = (await mapLimit(batches, options.concurrency ?? 1, async (batch) => {
    const out = await translate(batch);
    if (out.length !== batch.length) throw new Error(`translator returned ${out.length} results for ${batch.length} texts`);
    done += batch.length;
    options.onProgress?.(done, texts.length);
    return out;
  })).flat();

  const fills: (FilledUnit | undefined)[] = [];
  const units: UnitReport[] = [];
  let lowCount = 0;
  catalog.units.forEach((u, i) => {
    if (!todo[i]) {
      fills.push(undefined);
      units.push({ key: u.key, context: u.context, sources: u.sources, forms: [], status: 'kept', lowConfidence: false });
      return;
    }
    const confidences: number[] = [];
    const forms = u.sources.map((s, f) => {
      const acc = plan[i][f];
      const text = acc?.stripped ?? s;
      if (text.trim() === '') return s;
      const r = results[index.get(text)!];
      if (r.confidence !== undefined) confidences.push(r.confidence);
      return acc ? placeAccelerator(r.translation, acc) : r.translation;
    });
    const confidence = confidences.length ? Math.min(...confidences) : undefined;
    const lowConfidence = confidence !== undefined && confidence < threshold;
    if (lowConfidence) lowCount++;
    fills.push({ forms, confidence, lowConfidence });
    units.push({ key: u.key, context: u.context, sources: u.sources, forms, status: 'filled', confidence, lowConfidence });
  });
  return {
    output: catalog.write(fills, write),
    units,
    filled: fills.filter((f) => f !== undefined).length,
    kept: fills.filter((f) => f === undefined).length,
    translatedTexts: texts.length,
    lowConfidence: lowCount,
  };
}
