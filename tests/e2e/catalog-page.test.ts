/**
 * Catalogs through a running Worker (`wrangler dev`, auth on):
 *  - the CLI's `translate --file … --endpoint URL` fills a real catalog through POST /translate;
 *  - the demo page's "Translate a file" box, driven in Debian's headless Chromium
 *    (playwright-core, /usr/bin/chromium): a dropped .pot comes back filled, listed entry by
 *    entry, and downloadable. The screenshot goes to docs/page-translate-file.png when
 *    UPDATE_SCREENSHOT=1, else to the temp folder. Without /usr/bin/chromium (apt-get install
 *    chromium) the page test is skipped and says why.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer, REPO_ROOT, type DevServer } from '../../tools/wrangler-process.ts';
import { parseCatalog } from '../../src/catalog/formats.ts';
import { checkCatalogPair } from '../../src/catalog/integrity.ts';

const TOKEN = 'e2e-catalog-token-51c2';
const CHROMIUM = '/usr/bin/chromium';
const HAS_CHROMIUM = fs.existsSync(CHROMIUM);
const FIXTURE = path.join(REPO_ROOT, 'tests/fixtures/catalog/notepad.pot');
let server: DevServer;
let tmp: string;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'edge-mt-catalog-'));
  server = await startDevServer({ API_TOKEN: TOKEN });
}, 180_000);

afterAll(async () => {
  await server?.stop();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

function checkFilledNotepad(outText: string): void {
  const source = parseCatalog(fs.readFileSync(FIXTURE, 'utf8'), 'po', FIXTURE);
  const filled = parseCatalog(outText, 'po', 'out.po');
  const report = checkCatalogPair(source, filled);
  expect(report.entries).toBe(21);
  expect(report.translated).toBe(21);
  expect(report.accelerators.entries).toBe(14);
  expect(report.accelerators.intact).toBe(14);
  expect(report.failures).toEqual([]);
  expect(outText).toContain('"Plural-Forms: nplurals=2; plural=(n != 1);\\n"');
  expect(outText.match(/^#, fuzzy$/gm)?.length).toBe(21);
}

describe('catalogs through wrangler dev', () => {
  it('translate --file --endpoint fills a real .pot through POST /translate with the bearer token', () => {
    const out = path.join(tmp, 'cli.es.po');
    const run = spawnSync(path.join(REPO_ROOT, 'node_modules/.bin/tsx'), ['training/translate.ts', '--file', FIXTURE, '--out', out, '--endpoint', server.url, '--beam', '1', '--concurrency', '2', '--batch', '8'], {
      cwd: REPO_ROOT,
      env: { ...process.env, EDGE_MT_TOKEN: TOKEN },
      encoding: 'utf8',
      timeout: 240_000,
    });
    expect(run.stderr).toContain('PO: 21 entries filled');
    expect(run.status).toBe(0);
    checkFilledNotepad(fs.readFileSync(out, 'utf8'));
  }, 240_000);

  it('translate --endpoint without the token stops with one error line naming the variable, exit 2, and no output file', () => {
    const out = path.join(tmp, 'denied.es.po');
    const env = { ...process.env };
    delete env.EDGE_MT_TOKEN;
    const run = spawnSync(path.join(REPO_ROOT, 'node_modules/.bin/tsx'), ['training/translate.ts', '--file', FIXTURE, '--out', out, '--endpoint', server.url], { cwd: REPO_ROOT, env, encoding: 'utf8', timeout: 120_000 });
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n').filter((l) => l.startsWith('error:'))).toHaveLength(1);
    expect(run.stderr).toContain('answered 401');
    expect(run.stderr).toContain('$EDGE_MT_TOKEN');
    expect(fs.existsSync(out)).toBe(false);
  }, 120_000);

  it.skipIf(!HAS_CHROMIUM)('the page translates a dropped .pot in headless Chromium and offers the filled .po for download', async () => {
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1100, height: 900 }, acceptDownloads: true });
      const pageErrors: string[] = [];
      page.on('pageerror', (e) => pageErrors.push(e.message));
      await page.goto(`${server.url}/`);
      await page.fill('#token', TOKEN);
      await page.fill('#beam', '1');
      await page.setInputFiles('#file', FIXTURE);
      await page.waitForSelector('#download:not([hidden])', { timeout: 200_000 });
      expect(await page.textContent('#error')).toBe('');
      expect(await page.textContent('#file-summary')).toContain('PO: 21 entries filled');
      const rows = await page.$$eval('#file-entries tbody tr', (trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent ?? '')));
      expect(rows).toHaveLength(21);
      expect(rows.find((r) => r[0] === '&File')?.[2]).toMatch(/&\p{L}/u);
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
      expect(download.suggestedFilename()).toBe('notepad.es.po');
      const saved = path.join(tmp, 'page.es.po');
      await download.saveAs(saved);
      checkFilledNotepad(fs.readFileSync(saved, 'utf8'));
      expect(pageErrors).toEqual([]);
      const shot = process.env.UPDATE_SCREENSHOT === '1' ? path.join(REPO_ROOT, 'docs/page-translate-file.png') : path.join(tmp, 'page-translate-file.png');
      await page.screenshot({ path: shot, fullPage: true });
      console.log(`[measure] page screenshot: ${shot}`);
    } finally {
      await browser.close();
    }
  }, 300_000);

  if (!HAS_CHROMIUM) {
    it('page test skipped: /usr/bin/chromium is missing (apt-get install -y chromium)', () => {
      console.warn('[skip] the headless-Chromium page test needs Debian\'s chromium at /usr/bin/chromium (apt-get install -y chromium)');
    });
  }
});
