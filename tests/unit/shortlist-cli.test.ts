/**
 * The shortlist CLI (training/shortlist.ts) on a tiny corpus with the shipped tokenizer:
 * a loadable, byte-identical-on-rebuild file, registration in a model folder's manifest,
 * and one-line errors (exit 2) on bad input without touching the model folder.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/model/storage/manifest.ts';
import { Shortlist } from '../../src/model/text/shortlist.ts';
import { encodeJsonlGz } from '../../training/corpus/jsonl-gz.ts';

const TOKENIZER = 'weights/en-es/tokenizer.json';
const runCli = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'training/shortlist.ts', ...args], { encoding: 'utf8' });

let dir: string;
let corpus: string;

const rows = [
  ['Open the file', 'Abrir el archivo'],
  ['Close the file', 'Cerrar el archivo'],
  ['Open the window', 'Abrir la ventana'],
  ['Close the window', 'Cerrar la ventana'],
  ['Save %s now', 'Guardar %s ahora'],
  ['The file is open', 'El archivo está abierto'],
].map(([en, es]) => ({ en, es, pkg: 'fixture' }));

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shortlist-cli-'));
  corpus = path.join(dir, 'corpus');
  fs.mkdirSync(corpus);
  fs.writeFileSync(path.join(corpus, 'train.jsonl.gz'), encodeJsonlGz(rows));
  fs.writeFileSync(path.join(corpus, 'test.jsonl.gz'), encodeJsonlGz(rows.slice(0, 2)));
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function modelFolder(name: string, tokenizerSha?: string): Promise<string> {
  const folder = path.join(dir, name);
  fs.mkdirSync(folder);
  const manifest = JSON.parse(fs.readFileSync('weights/en-es/manifest.json', 'utf8'));
  const bytes = fs.readFileSync(TOKENIZER);
  fs.writeFileSync(path.join(folder, 'tokenizer.json'), bytes);
  manifest.files = { 'tokenizer.json': { sha256: tokenizerSha ?? (await sha256Hex(bytes)), bytes: bytes.length } };
  fs.writeFileSync(path.join(folder, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  return folder;
}

describe('shortlist CLI', () => {
  it('writes a loadable shortlist, byte-identical on a rebuild, and reports test coverage', () => {
    const [a, b] = ['a.json', 'b.json'].map((f) => path.join(dir, f));
    const first = runCli('--corpus', corpus, '--vocab', TOKENIZER, '--out', a, '--per-source', '2', '--frequent', '5');
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/learned from 6 train pairs/);
    expect(first.stdout).toMatch(/test: 2 sentences, mean shortlist \d+ of 8000 ids .* coverage [\d.]+%/);
    expect(runCli('--corpus', corpus, '--vocab', TOKENIZER, '--out', b, '--per-source', '2', '--frequent', '5').status).toBe(0);
    expect(fs.readFileSync(b, 'utf8')).toBe(fs.readFileSync(a, 'utf8'));
    const sl = Shortlist.fromJSON(JSON.parse(fs.readFileSync(a, 'utf8')));
    expect(sl.vocabSize).toBe(8000);
    expect(sl.meta.params).toMatchObject({ per_source: 2, frequent: 5 });
  });

  it('registers shortlist.json in the manifest of the model folder it writes into', async () => {
    const folder = await modelFolder('model');
    const res = runCli('--corpus', corpus, '--vocab', TOKENIZER, '--out', path.join(folder, 'shortlist.json'));
    expect(res.status).toBe(0);
    expect(res.stdout).toMatch(/registered shortlist\.json/);
    const bytes = fs.readFileSync(path.join(folder, 'shortlist.json'));
    const manifest = JSON.parse(fs.readFileSync(path.join(folder, 'manifest.json'), 'utf8'));
    expect(manifest.files['shortlist.json']).toEqual({ sha256: await sha256Hex(bytes), bytes: bytes.length });
    expect(manifest.files['tokenizer.json']).toBeDefined();
  });

  it('refuses a model folder whose tokenizer differs, writing nothing', async () => {
    const folder = await modelFolder('other', 'ef'.repeat(32));
    const before = fs.readFileSync(path.join(folder, 'manifest.json'), 'utf8');
    const res = runCli('--corpus', corpus, '--vocab', TOKENIZER, '--out', path.join(folder, 'shortlist.json'));
    expect(res.status).toBe(2);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(res.stderr).toMatch(/is not the tokenizer of the model/);
    expect(fs.existsSync(path.join(folder, 'shortlist.json'))).toBe(false);
    expect(fs.readFileSync(path.join(folder, 'manifest.json'), 'utf8')).toBe(before);
  });

  it.each([
    [['--vocab', TOKENIZER, '--out', 'x.json'], /--corpus <dir> is required/],
    [['--corpus', 'no/such/dir', '--vocab', TOKENIZER, '--out', 'x.json'], /--corpus: not a folder/],
    [['--corpus', '.', '--out', 'x.json'], /--vocab <tokenizer.json> is required/],
    [['--corpus', '.', '--vocab', 'weights/en-es/manifest.json', '--out', 'x.json'], /is not a tokenizer/],
    [['--corpus', '.', '--vocab', TOKENIZER, '--out', 'x.json', '--frequent', 'many'], /--frequent must be an integer >= 0/],
    [['--corpus', '.', '--vocab', TOKENIZER, '--out', 'x.json', '--bogus'], /Unknown option '--bogus'/],
  ])('rejects %j with one line and exit status 2', (args, message) => {
    const res = runCli(...(args as string[]));
    expect(res.status).toBe(2);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(res.stderr).toMatch(message);
  });
});
