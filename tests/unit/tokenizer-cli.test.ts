import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Vocab } from '../../src/model/text/vocab.ts';
import { encodeJsonlGz } from '../../training/corpus/jsonl-gz.ts';
import { fixtureTexts } from './tokenizer-fixture-texts.ts';

const runCli = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'training/tokenizer.ts', ...args], { encoding: 'utf8' });

let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokenizer-cli-'));
  const texts = fixtureTexts();
  const rows = texts.map((t, i) => ({ en: t, es: texts[(i + 1) % texts.length], pkg: 'fixture' }));
  fs.writeFileSync(path.join(dir, 'train.jsonl.gz'), encodeJsonlGz(rows.slice(50)));
  fs.writeFileSync(path.join(dir, 'dev.jsonl.gz'), encodeJsonlGz(rows.slice(0, 50)));
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('tokenizer CLI', () => {
  it('learns a loadable vocabulary, byte-identical on a rebuild, and reports dev figures', () => {
    const [a, b] = ['a.json', 'b.json'].map((f) => path.join(dir, f));
    const first = runCli('--corpus', dir, '--vocab-size', '600', '--out', a);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/600 pieces/);
    expect(first.stdout).toMatch(/dev\/en: 50 sentences, [\d.]+ tokens\/sentence/);
    expect(runCli('--corpus', dir, '--vocab-size', '600', '--out', b).status).toBe(0);
    expect(fs.readFileSync(b, 'utf8')).toBe(fs.readFileSync(a, 'utf8'));
    expect(Vocab.fromJSON(JSON.parse(fs.readFileSync(a, 'utf8'))).size).toBe(600);
  });

  it.each([
    [[], /--corpus <dir> is required/],
    [['--corpus', '/no/such/folder'], /not a folder/],
    [['--corpus', '.', '--vocab-size', 'many'], /--vocab-size: invalid value "many"/],
    [['--corpus', '.', '--coverage', '1.5'], /--coverage: invalid value/],
    [['--corpus', 'tests'], /corpus split not found/],
    [['--corpus', '.', '--bogus'], /bogus/],
  ])('rejects bad input %j with one stderr line and status 2', (args, message) => {
    const result = runCli(...(args as string[]));
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('rejects a train split that is not gzipped JSON Lines', () => {
    const bad = fs.mkdtempSync(path.join(dir, 'bad-'));
    fs.writeFileSync(path.join(bad, 'train.jsonl.gz'), zlib.gzipSync('{"en": "x"}\n'));
    const result = runCli('--corpus', bad);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/line 1 lacks string fields "en" and "es"/);
  });
});
