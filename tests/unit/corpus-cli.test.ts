import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSplit } from '../../training/corpus/load.ts';
import { splitOf } from '../../training/corpus/split.ts';

const run = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'training/corpus.ts', ...args], { encoding: 'utf8' });
const fixture = (name: string) => path.join('tests/fixtures/corpus', name);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'corpus-cli-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const USER_DATA = ['tiny.po', 'tiny.mo', 'tiny.tsv', 'tiny.tmx'].flatMap((f) => ['--data', fixture(f)]);

describe('corpus CLI with user data only', () => {
  it('merges every format, cleans it and names each origin by file basename', () => {
    const out = path.join(tmp, 'a', 'en-es');
    const result = run('--no-debian', ...USER_DATA, '--out', out);
    expect(result.stderr).toMatch(/wrote .*train \d+, dev \d+, test \d+/);
    expect(result.status).toBe(0);
    const all = (['train', 'dev', 'test'] as const).flatMap((s) => loadSplit(out, s).map((p) => ({ ...p, split: s })));
    const got = all.map(({ en, es, pkg }) => ({ en, es, pkg })).sort((a, b) => (a.en < b.en ? -1 : a.en > b.en ? 1 : 0));
    expect(got).toEqual([
      { en: '%d file', es: '%d archivo', pkg: 'tiny.po' },
      { en: '%s of %s', es: '%s de %s', pkg: 'tiny.mo' },
      { en: 'Café menu', es: 'Menú de la cafetería', pkg: 'tiny.tmx' },
      { en: 'Close', es: 'Cerrar', pkg: 'tiny.po' },
      { en: 'Hello world', es: 'Hola mundo', pkg: 'tiny.tsv' },
      { en: 'Open File', es: 'Abrir archivo', pkg: 'tiny.po' },
      { en: 'Print the & document', es: 'Imprimir el & documento', pkg: 'tiny.tmx' },
      { en: 'Save As…', es: 'Guardar como…', pkg: 'tiny.mo' },
      { en: 'Save the file', es: 'Guardar el archivo', pkg: 'tiny.tsv' },
      { en: 'Zoom In', es: 'Ampliar', pkg: 'tiny.mo' },
    ]);
    for (const p of all) expect(p.split).toBe(splitOf(p.en));
    const stats = JSON.parse(fs.readFileSync(path.join(out, 'stats.json'), 'utf8'));
    expect(stats.packages['tiny.po'].dropped).toEqual({ identical: 1 });
    expect(fs.readFileSync(path.join(tmp, 'a', 'SOURCES.md'), 'utf8')).toContain('| tiny.tsv | - | user supplied | 0 | 2 ');
  });

  it('rebuilds byte for byte', () => {
    const a = path.join(tmp, 'r1', 'en-es');
    const b = path.join(tmp, 'r2', 'en-es');
    expect(run('--no-debian', ...USER_DATA, '--out', a).status).toBe(0);
    expect(run('--no-debian', ...USER_DATA, '--out', b).status).toBe(0);
    for (const file of ['train.jsonl.gz', 'dev.jsonl.gz', 'test.jsonl.gz', 'stats.json'])
      expect(fs.readFileSync(path.join(a, file)).equals(fs.readFileSync(path.join(b, file)))).toBe(true);
  });
});

describe('corpus CLI bad input', () => {
  it.each([
    [['--no-debian', '--data', fixture('nope.tsv')], /nope\.tsv: file not found/],
    [['--no-debian', '--data', fixture('make-mo.ts')], /make-mo\.ts: unknown extension/],
    [['--no-debian', '--data', fixture('corrupt.mo')], /corrupt\.mo: corrupt \.mo file/],
    [['--no-debian', '--data', fixture('malformed.tmx')], /malformed\.tmx: malformed TMX/],
    [['--no-debian'], /nothing to build/],
    [['--frobnicate'], /unknown argument --frobnicate/],
  ])('exits 2 with one stderr line for %j', (args, message) => {
    const result = run(...args, '--out', path.join(tmp, 'bad', 'en-es'));
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(message);
    expect(fs.existsSync(path.join(tmp, 'bad'))).toBe(false);
  });
});
