/**
 * `npm run -s translate -- --file … --out …` end to end on the shipped model: a real .pot
 * comes back filled (accelerators, header, fuzzy flags, msgfmt --check), a second run keeps
 * every translated entry (no model needed), and bad input stops with one stderr line naming
 * file and line, exit 2, and no output written (an existing output file is left as it was).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCatalog } from '../../src/catalog/formats.ts';
import { checkCatalogPair } from '../../src/catalog/integrity.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'edge-mt-catalog-cli-'));
const FIXTURE = 'tests/fixtures/catalog/notepad.pot';
const run = (...args: string[]) => spawnSync('node_modules/.bin/tsx', ['training/translate.ts', ...args], { encoding: 'utf8', timeout: 120_000 });
const HAS_MSGFMT = spawnSync('msgfmt', ['--version']).error === undefined;

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('translate --file', () => {
  const out = path.join(tmp, 'notepad.es.po');

  it('fills a real .pot: every entry fuzzy, accelerators on a letter, Spanish header', () => {
    const r = run('--file', FIXTURE, '--out', out, '--beam', '1');
    expect(r.stderr).toContain('PO: 21 entries filled (20 distinct texts), 0 kept');
    expect(r.status).toBe(0);
    const text = fs.readFileSync(out, 'utf8');
    const report = checkCatalogPair(parseCatalog(fs.readFileSync(FIXTURE, 'utf8'), 'po', FIXTURE), parseCatalog(text, 'po', out));
    expect(report).toMatchObject({ entries: 21, translated: 21, accelerators: { entries: 14, intact: 14 }, failures: [] });
    expect(text.match(/^#, fuzzy$/gm)).toHaveLength(21);
    expect(text).toContain('"Plural-Forms: nplurals=2; plural=(n != 1);\\n"');
    expect(text).toMatch(/"X-Generator: edge-mt en-es-[^"]+\\n"/);
  }, 120_000);

  it.skipIf(!HAS_MSGFMT)('writes a file msgfmt --check accepts', () => {
    const r = spawnSync('msgfmt', ['--check', '-o', '/dev/null', out], { encoding: 'utf8' });
    expect(r.status).toBe(0);
  });

  it('keeps every entry that already has a translation (and loads no model for it)', () => {
    const again = path.join(tmp, 'again.es.po');
    const r = run('--file', out, '--out', again, '--model', path.join(tmp, 'no-model-here'));
    expect(r.stderr).toContain('PO: 0 entries filled (0 distinct texts), 21 kept');
    const strip = (s: string) => s.replace(/"PO-Revision-Date: [^"]*"/, '').replace(/"X-Generator: [^"]*"/, ''); // the writing tool's stamps
    expect(strip(fs.readFileSync(again, 'utf8'))).toBe(strip(fs.readFileSync(out, 'utf8')));
  }, 60_000);

  it('stops on a malformed catalog with one line naming file and line, exit 2, and the old output untouched', () => {
    const bad = path.join(tmp, 'bad.po');
    fs.writeFileSync(bad, 'msgid "a"\nmsgstr ""\n\nmsgid "b"\nmsgstr ""\nnonsense "c"\n');
    const target = path.join(tmp, 'keep.po');
    fs.writeFileSync(target, 'old contents\n');
    const r = run('--file', bad, '--out', target);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`error: invalid catalog ${bad}:6: Invalid key name "nonsense"\n`);
    expect(fs.readFileSync(target, 'utf8')).toBe('old contents\n');
    expect(fs.readdirSync(tmp).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  }, 60_000);

  it('rejects an unknown format, a missing --out and a bad glossary line with exit 2', () => {
    expect(run('--file', 'x.docx', '--out', 'y').stderr).toMatch(/^error: unknown catalog format of x\.docx/);
    expect(run('--file', FIXTURE).status).toBe(2);
    const terms = path.join(tmp, 'terms.tsv');
    fs.writeFileSync(terms, 'source\ttarget\nGNOME\tGNOME\nfile only\n');
    const r = run('--file', FIXTURE, '--out', path.join(tmp, 'g.po'), '--glossary', terms);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`error: invalid catalog ${terms}:3: expected "source<TAB>target"\n`);
    expect(fs.existsSync(path.join(tmp, 'g.po'))).toBe(false);
  }, 60_000);
});
