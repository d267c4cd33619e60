/**
 * Every command-line tool of the project answers --help with its usage on stdout and exit
 * status 0, without doing any work.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const CLIS = [
  'training/corpus.ts', 'training/tokenizer.ts', 'training/shortlist.ts', 'training/train.ts', 'training/export.ts',
  'training/translate.ts', 'training/eval.ts', 'training/golden.ts', 'training/redeploy.ts', 'training/sweep.ts',
  'training/fault-kill.ts', 'training/bleu-cli.ts', 'training/catalog-check.ts', 'tools/build-page-bundle.ts',
  'training/publish.ts', 'training/rollback.ts', 'tools/seed-models.ts',
];

describe('--help', () => {
  for (const cli of CLIS) {
    it(`prints the usage of ${cli} and exits 0`, () => {
      const r = spawnSync(process.execPath, ['--import', 'tsx', cli, '--help'], { encoding: 'utf8', timeout: 60_000 });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^Usage: /);
    });
  }
});
