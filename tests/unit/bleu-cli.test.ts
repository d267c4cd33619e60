/**
 * training/bleu-cli.ts run as a child process on temporary files. Expected text lines are
 * what `sacrebleu REF... -i HYP -m bleu chrf -f text` (and `-sl`) printed for the same files.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { corpusBleu, corpusChrf } from '../../src/metrics/index.ts';

const run = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'training/bleu-cli.ts', ...args], { encoding: 'utf8' });
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bleu-cli-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, text);
  return file;
}

const HYP_LINES = ['El gato está en la casa.', 'Hola mundo', ''];
const REF_LINES = ['El gato está en la casa grande.', 'Hola, mundo', 'algo'];
const REF2_LINES = ['Un gato está en la casa.', 'Hola mundo!', 'algo'];
const hyp = write('hyp.txt', HYP_LINES.join('\n') + '\n');
const ref = write('ref.txt', REF_LINES.join('\n') + '\n');
const ref2 = write('ref2.txt', REF2_LINES.join('\n') + '\n');

describe('bleu CLI output', () => {
  it('prints the sacreBLEU text lines for two references, aligned on "="', () => {
    const r = run('--hyp', hyp, '--ref', ref, '--ref', ref2);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(
      '  BLEU|nrefs:2|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0 = 80.1 100.0/100.0/100.0/100.0 (BP = 0.801 ratio = 0.818 hyp_len = 9 ref_len = 11)\n' +
        'chrF2|nrefs:2|case:mixed|eff:yes|nc:6|nw:0|space:no|version:2.6.0 = 83.9\n',
    );
  });

  it('prints the JSON diagnostics equal to the library and to sacreBLEU', () => {
    const r = run('--hyp', hyp, '--ref', ref, '--json');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    const bleu = corpusBleu(HYP_LINES, [REF_LINES]);
    expect(out.bleu).toMatchObject({
      name: 'BLEU',
      signature: 'nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0',
      verbose_score: '100.0/71.4/80.0/75.0 (BP = 0.717 ratio = 0.750 hyp_len = 9 ref_len = 12)',
      counts: [9, 5, 4, 3],
      totals: [9, 7, 5, 4],
      sys_len: 9,
      ref_len: 12,
      ratio: 0.75,
    });
    expect(out.bleu.score).toBe(bleu.score);
    expect(out.bleu.score).toBeCloseTo(57.97502924354596, 10);
    expect(out.bleu.bp).toBe(bleu.bp);
    expect(out.chrf.name).toBe('chrF2');
    expect(out.chrf.score).toBe(corpusChrf(HYP_LINES, [REF_LINES]).score);
  });

  it('prints one sentence-BLEU line per input line with --sentence, like sacrebleu -sl', () => {
    const r = run('--hyp', hyp, '--ref', ref, '--sentence');
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')).toEqual([
      'BLEU|nrefs:1|case:mixed|eff:yes|tok:13a|smooth:exp|version:2.6.0 = 72.9 100.0/83.3/80.0/75.0 (BP = 0.867 ratio = 0.875 hyp_len = 7 ref_len = 8)',
      'BLEU|nrefs:1|case:mixed|eff:yes|tok:13a|smooth:exp|version:2.6.0 = 42.9 100.0/50.0/0.0/0.0 (BP = 0.607 ratio = 0.667 hyp_len = 2 ref_len = 3)',
      'BLEU|nrefs:1|case:mixed|eff:yes|tok:13a|smooth:exp|version:2.6.0 = 0.0 0.0/0.0/0.0/0.0 (BP = 0.000 ratio = 0.000 hyp_len = 0 ref_len = 1)',
      '',
    ]);
  });

  it('passes tokenizer, case and smoothing options through to the signature and JSON', () => {
    const r = run('--hyp', hyp, '--ref', ref, '--tokenize', 'char', '--lowercase', '--smooth=floor', '--sentence', '--json', '--chrf-word-order', '2');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.sentences).toHaveLength(3);
    expect(out.sentences[0].bleu.signature).toBe('nrefs:1|case:lc|eff:yes|tok:char|smooth:floor[0.10]|version:2.6.0');
    expect(out.sentences[0].chrf.name).toBe('chrF2++');
  });
});

describe('bleu CLI bad input', () => {
  const oneLine = write('one.txt', 'algo\n');
  const notUtf8 = path.join(tmp, 'latin1.txt');
  fs.writeFileSync(notUtf8, Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a, 0x61, 0x0a, 0x62, 0x0a]));
  it.each([
    ['a missing file', ['--hyp', hyp, '--ref', path.join(tmp, 'missing.txt')], /file not found: .*missing\.txt/],
    ['a line-count mismatch', ['--hyp', hyp, '--ref', oneLine], /line count mismatch: .*hyp\.txt has 3 lines but .*one\.txt has 1/],
    ['an unknown option', ['--hyp', hyp, '--ref', ref, '--frobnicate'], /unknown option --frobnicate/],
    ['an unknown tokenizer', ['--hyp', hyp, '--ref', ref, '--tokenize', 'moses'], /unknown --tokenize 'moses'/],
    ['an unknown smoothing', ['--hyp', hyp, '--ref', ref, '--smooth', 'magic'], /unknown --smooth 'magic'/],
    ['no reference', ['--hyp', hyp], /missing --ref FILE/],
    ['no hypothesis', ['--ref', ref], /missing --hyp FILE/],
    ['an option without its value', ['--hyp', hyp, '--ref'], /option --ref needs a value/],
    ['a file that is not UTF-8', ['--hyp', notUtf8, '--ref', ref], /latin1\.txt is not valid UTF-8/],
  ])('exits 2 with one stderr line for %s', (_what, args, message) => {
    const r = run(...args);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });

  it('prints usage and exits 0 with --help', () => {
    const r = run('--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: npx tsx training\/bleu-cli\.ts --hyp FILE --ref FILE/);
  });
});
