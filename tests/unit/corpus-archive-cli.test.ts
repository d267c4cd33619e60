import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashCorpusFolder, MAX_FILE_BYTES } from '../../training/corpus/archive/write-archive.ts';
import { packagesWithSpanishCatalogues } from '../../training/corpus/archive/plan.ts';
import { decodeJsonlGz, encodeJsonlGz } from '../../training/corpus/jsonl-gz.ts';
import { loadSplit } from '../../training/corpus/load.ts';
import { splitOf } from '../../training/corpus/split.ts';
import { readSplit } from '../../training/tokenizer/training-texts.ts';

// A real archive cache in miniature: three of the smallest Debian packages with a Spanish
// catalogue (their .debs, as downloaded), their Packages stanzas, a few DDTP descriptions and
// the plan. Everything the builder does runs for real (dpkg-deb, tar, apt-helper); no network.
const FIXTURE = 'tests/fixtures/archive/cache';
const PACKAGES = ['nautilus-admin', 'paperwork-gtk-l10n-es', 'python3-django-contact-form'];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'corpus-archive-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

// Each case runs the CLI in a child process (tsx start-up included): seconds on an idle machine,
// far more when the two cores are shared, hence the generous timeouts.
const SLOW = { timeout: 180_000 };

const run = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'training/corpus.ts', '--archive', '--no-progress', ...args], { encoding: 'utf8' });

const legacy = path.join(tmp, 'legacy');
const legacyTest = [
  { en: 'Find', es: 'Buscar', pkg: 'gimp-data' },
  { en: 'Something only the old corpus has', es: 'Algo que solo tiene el corpus antiguo', pkg: 'gimp-data' },
];
const legacyDev = [{ en: 'Export document', es: 'Exportar documento', pkg: 'evolution-common' }];

function build(name: string, ...extra: string[]) {
  const cache = path.join(tmp, `${name}-cache`);
  const out = path.join(tmp, name, 'en-es-archive');
  if (!fs.existsSync(cache)) fs.cpSync(FIXTURE, cache, { recursive: true });
  const result = run('--cache', cache, '--out', out, '--legacy', legacy, ...extra);
  return { cache, out, result };
}

beforeAll(() => {
  fs.mkdirSync(legacy, { recursive: true });
  fs.writeFileSync(path.join(legacy, 'test.jsonl.gz'), encodeJsonlGz(legacyTest));
  fs.writeFileSync(path.join(legacy, 'dev.jsonl.gz'), encodeJsonlGz(legacyDev));
});

describe('archive corpus from cached real packages', SLOW, () => {
  let first: ReturnType<typeof build>;
  beforeAll(() => {
    first = build('a');
  }, SLOW.timeout);

  it('extracts only the Spanish catalogues and copyright files', () => {
    expect(first.result.stderr).toMatch(/extracted 3 \.debs/);
    expect(first.result.status).toBe(0);
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) walk(full);
        else files.push(path.relative(path.join(first.cache, 'extract'), full));
      }
    };
    walk(path.join(first.cache, 'extract'));
    expect(files.length).toBe(6);
    for (const f of files) expect(f).toMatch(/\/es\/LC_MESSAGES\/[^/]+\.mo$|\/usr\/share\/doc\/[^/]+\/copyright$/);
  });

  it('writes a manifest with every package, its version, licence, kind and pair counts', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(first.out, 'manifest.json'), 'utf8'));
    const byPkg = Object.fromEntries(manifest.packages.map((p: { pkg: string }) => [p.pkg, p]));
    expect(Object.keys(byPkg).sort()).toEqual(['ddtp', ...PACKAGES]);
    expect(byPkg['paperwork-gtk-l10n-es']).toMatchObject({ version: '2.1.1-1', kind: 'desktop-ui', catalogues: 1 });
    expect(byPkg['nautilus-admin']).toMatchObject({ version: '1.1.9-3.3', kind: 'desktop-ui', licence: 'GPL-3.0+' });
    expect(byPkg['python3-django-contact-form']).toMatchObject({ kind: 'other-ui', licence: 'BSD-3-clause' });
    expect(byPkg.ddtp.kind).toBe('description');
    for (const p of manifest.packages) expect(p.total).toBe(p.train + p.dev + p.test);
    const total = manifest.packages.reduce((n: number, p: { total: number }) => n + p.total, 0);
    expect(total).toBe(manifest.totals.uniquePairs);
    expect(manifest.descriptions).toEqual({ spanish: 3, aligned: 3, sentenceCountsAgree: 2, sentenceCountsDisagree: 1, rawPairs: 8 });
    expect(manifest.sha256).toBe(hashCorpusFolder(first.out));
    expect(fs.readFileSync(path.join(first.out, 'SOURCES.md'), 'utf8')).toContain(`Corpus sha256: \`${manifest.sha256}\``);
  });

  it('keeps the FNV split, the legacy test file byte for byte, and legacy held-out sources out of train', () => {
    const train = loadSplit(first.out, 'train');
    const dev = loadSplit(first.out, 'dev');
    expect(train.length).toBeGreaterThan(50);
    for (const p of train) expect(splitOf(p.en)).toBe('train');
    for (const p of dev) expect(splitOf(p.en)).toBe('dev');
    expect(fs.readFileSync(path.join(first.out, 'test.jsonl.gz')).equals(fs.readFileSync(path.join(legacy, 'test.jsonl.gz')))).toBe(true);
    const held = new Set([...legacyTest, ...legacyDev].map((p) => p.en.toLowerCase()));
    for (const p of train) expect(held.has(p.en.toLowerCase())).toBe(false);
    const manifest = JSON.parse(fs.readFileSync(path.join(first.out, 'manifest.json'), 'utf8'));
    expect(manifest.legacyCheck).toMatchObject({ legacyTestSources: 2, legacyDevSources: 1, foundInTrain: 0 });
    expect(manifest.legacyCheck.foundHeldOut).toBeGreaterThanOrEqual(1);
  });

  it('samples test-broad from held-out pairs only, with a kind on each row', () => {
    const broad = decodeJsonlGz<{ en: string; kind: string }>(fs.readFileSync(path.join(first.out, 'test-broad.jsonl.gz')));
    expect(broad.length).toBeGreaterThan(0);
    for (const p of broad) {
      expect(splitOf(p.en)).toBe('test');
      expect(['desktop-ui', 'other-ui', 'description']).toContain(p.kind);
    }
  });

  it('downloads and extracts nothing the second time and reproduces every byte', () => {
    const again = run('--cache', first.cache, '--out', path.join(tmp, 'b', 'en-es-archive'), '--legacy', legacy);
    expect(again.status).toBe(0);
    expect(again.stderr).not.toMatch(/downloading|extracting/);
    const a = fs.readdirSync(first.out).sort();
    expect(fs.readdirSync(path.join(tmp, 'b', 'en-es-archive')).sort()).toEqual(a);
    for (const f of a) expect(fs.readFileSync(path.join(tmp, 'b', 'en-es-archive', f)).equals(fs.readFileSync(path.join(first.out, f)))).toBe(true);
  });

  it('shards train below the file size limit, and the loaders read the shards in order', () => {
    const sharded = build('c', '--shard-size', '40');
    expect(sharded.result.status).toBe(0);
    const shards = fs.readdirSync(sharded.out).filter((f) => f.startsWith('train-'));
    expect(shards.length).toBeGreaterThanOrEqual(2);
    for (const f of fs.readdirSync(sharded.out)) expect(fs.statSync(path.join(sharded.out, f)).size).toBeLessThan(MAX_FILE_BYTES);
    expect(loadSplit(sharded.out, 'train')).toEqual(loadSplit(first.out, 'train'));
    expect(readSplit(sharded.out, 'train')).toEqual(loadSplit(first.out, 'train'));
  });
});

describe('archive corpus with a package missing from the cache', SLOW, () => {
  it('builds without it when told not to download, and lists it as missing', () => {
    const cache = path.join(tmp, 'm-cache');
    fs.cpSync(FIXTURE, cache, { recursive: true });
    fs.rmSync(path.join(cache, 'debs', 'nautilus-admin_1.1.9-3.3_all.deb'));
    const { out, result } = build('m', '--no-download');
    expect(result.status).toBe(0);
    const manifest = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8'));
    expect(manifest.totals.packagesMissing).toEqual(['nautilus-admin']);
    expect(manifest.packages.map((p: { pkg: string }) => p.pkg)).not.toContain('nautilus-admin');
  });
});

describe('archive corpus plan and arguments', SLOW, () => {
  it('finds the packages with a plain es catalogue in the Contents index', () => {
    expect(packagesWithSpanishCatalogues(FIXTURE)).toEqual(PACKAGES);
  });

  it.each([
    [['--parallel', '0'], /--parallel must be a positive integer/],
    [['--data', 'x.tsv'], /--archive takes no --data/],
    [['--legacy', 'nope'], /nope\/test\.jsonl\.gz not found/],
  ])('exits 2 with one stderr line for %j', (args, message) => {
    const result = run(...args);
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(message);
  });
});
