/**
 * The demo page's catalog bundle (tools/page-bundle/build.ts → src/page/catalog-bundle.generated.ts):
 * the committed file is what the build makes from today's sources, and the bundle runs with
 * browser globals only (no Buffer, require or process), where it fills a real .pot exactly
 * as the Node code does.
 */
import fs from 'node:fs';
import { createContext, Script } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { buildCatalogBundle, generatedModule, GENERATED_FILE } from '../../tools/page-bundle/build.ts';
import { CATALOG_BUNDLE_JS } from '../../src/page/catalog-bundle.generated.ts';
import { parseCatalog } from '../../src/catalog/formats.ts';

describe('catalog bundle', () => {
  it('is up to date with src/catalog (run `npm run build:page` after changing it)', async () => {
    const fresh = generatedModule(await buildCatalogBundle());
    // Compared as a boolean: a diff of two 100 kB one-line bundles helps nobody.
    expect(fs.readFileSync(GENERATED_FILE, 'utf8') === fresh, 'src/page/catalog-bundle.generated.ts is stale: run npm run build:page').toBe(true);
  }, 30_000);

  it('parses and writes a real catalog with browser globals only, byte for byte like Node', () => {
    const context = createContext({ TextDecoder, TextEncoder, structuredClone, console });
    new Script(CATALOG_BUNDLE_JS, { filename: 'catalog.js' }).runInContext(context);
    const api = context.EdgeMtCatalog as { parseCatalog: typeof parseCatalog; formatFromFileName: (n: string) => string };
    expect(typeof api.parseCatalog).toBe('function');
    const bytes = new Uint8Array(fs.readFileSync('tests/fixtures/catalog/arcmenu-placeholders.pot'));
    const inBrowser = api.parseCatalog(bytes, 'po', 'a.pot');
    const inNode = parseCatalog(bytes, 'po', 'a.pot');
    const fills = inNode.units.map((u) => ({ forms: u.sources.map((s) => `ES ${s}`), confidence: 0.2, lowConfidence: true }));
    const options = { generator: 'test', now: new Date(0) };
    expect(inBrowser.write(fills, options)).toBe(inNode.write(fills, options));
    for (const f of ['notepad-1.2.xlf', 'app-nested.json']) {
      const b = new Uint8Array(fs.readFileSync(`tests/fixtures/catalog/${f}`));
      const format = api.formatFromFileName(f) as 'xliff' | 'json';
      const x = api.parseCatalog(b, format, f);
      const y = parseCatalog(b, format, f);
      const fx = y.units.map(() => ({ forms: ['T'], lowConfidence: false }));
      expect(x.write(fx, options)).toBe(y.write(fx, options));
    }
  });
});
