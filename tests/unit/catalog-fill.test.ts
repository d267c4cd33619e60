/**
 * fillCatalog on the shipped model (in-process engine): each distinct text is translated
 * once, in batches, with progress; translated entries are kept unless overwrite; marks go
 * back on the translation; mapLimit keeps results in order under concurrency.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/node-wasm.ts';
import type { TranslationEngine } from '../../src/model/engine.ts';
import { loadEngine } from '../../tools/load-engine.ts';
import { parseCatalog } from '../../src/catalog/formats.ts';
import { fillCatalog, mapLimit, type BatchTranslator } from '../../src/catalog/fill.ts';
import { acceleratorPositions } from '../../src/catalog/accelerators.ts';

let engine: TranslationEngine;
let calls: string[][];
let translate: BatchTranslator;

beforeAll(async () => {
  await initBackend('wasm');
  engine = await loadEngine('weights/en-es');
  calls = [];
  translate = async (texts) => {
    calls.push(texts);
    return engine.translate(texts, { beam: 1, nbest: 1, alpha: 1, attention: false }).map((r) => ({ translation: r.translation }));
  };
}, 60_000);
afterAll(() => engine?.dispose());

const PO = `msgid ""
msgstr "Content-Type: text/plain; charset=UTF-8\\n"

msgid "_Open"
msgstr ""

msgctxt "verb"
msgid "Open"
msgstr ""

msgid "Close"
msgstr "Cerrar"

msgid "Save"
msgstr ""

msgctxt "toolbar"
msgid "Save"
msgid_plural "Save all"
msgstr[0] ""
msgstr[1] ""
`;

describe('fillCatalog', () => {
  it('translates each distinct text once, in batches, keeps translated entries, and puts accelerators back', async () => {
    calls = [];
    const progress: [number, number][] = [];
    const c = parseCatalog(PO, 'po', 'f.po');
    const r = await fillCatalog(c, translate, { generator: 't' }, { batchSize: 2, onProgress: (d, t) => progress.push([d, t]) });
    expect(r.translatedTexts).toBe(3); // "Open" (twice, once stripped of its mark), "Save" (twice), "Save all"
    expect(calls).toEqual([['Open', 'Save'], ['Save all']]);
    expect(progress).toEqual([[0, 3], [2, 3], [3, 3]]);
    expect(r).toMatchObject({ filled: 4, kept: 1, lowConfidence: 0 });
    expect(r.units.map((u) => u.status)).toEqual(['filled', 'filled', 'kept', 'filled', 'filled']);
    const open = r.units[0].forms[0];
    expect(acceleratorPositions(open)).toHaveLength(1);
    expect(open.replace('_', '')).toBe(r.units[1].forms[0]);
    expect(r.units[4].forms).toHaveLength(2);
    expect(r.output).toContain('msgid "Close"\nmsgstr "Cerrar"');
  }, 60_000);

  it('retranslates translated entries with overwrite', async () => {
    calls = [];
    const r = await fillCatalog(parseCatalog(PO, 'po', 'f.po'), translate, { generator: 't' }, { overwrite: true });
    expect(r).toMatchObject({ filled: 5, kept: 0 });
    expect(calls.flat()).toContain('Close');
  }, 60_000);

  it('mapLimit keeps item order with several workers', async () => {
    const out = await mapLimit([30, 5, 20, 1, 10], 3, (ms, i) => new Promise<number>((r) => setTimeout(() => r(i), ms)));
    expect(out).toEqual([0, 1, 2, 3, 4]);
  });
});
