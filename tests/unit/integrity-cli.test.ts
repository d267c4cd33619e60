/**
 * A damaged model folder stops the translate CLI at load time with one clear line on
 * stderr and a non-zero exit (training/translate.ts → tools/load-engine.ts), for
 * every corruption of tests/unit/integrity-corruptions.ts: truncated, bit-flipped,
 * wrong version, wrong magic, manifest sha256 mismatch... An intact copy of the same
 * folder translates (so the copies, not the harness, are what fails).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { CORRUPTIONS, intactCopy, type ModelBytes } from './integrity-corruptions.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const MODEL_DIR = path.join(REPO, 'weights/en-es');
const TSX = path.join(REPO, 'node_modules/.bin/tsx');
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'integrity-cli-'));

afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }));

const bundled = (): ModelBytes =>
  Object.fromEntries(fs.readdirSync(MODEL_DIR).map((name) => [name, new Uint8Array(fs.readFileSync(path.join(MODEL_DIR, name)))]));

/** Writes `files` to a fresh folder under the temp dir and returns its path. */
function writeModel(label: string, files: ModelBytes): string {
  const dir = path.join(workDir, label.replace(/[^a-z0-9]+/gi, '-').slice(0, 60));
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, bytes] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), bytes);
  return dir;
}

/** Runs the translate CLI on `dir` with one line on stdin. */
function translateCli(dir: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, ['training/translate.ts', '--model', dir, '--beam', '1', '--max-length', '8'], {
      cwd: REPO,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end('Open the file\n');
  });
}

describe('translate CLI with a damaged model folder', () => {
  it('translates with an intact copy of the folder', async () => {
    const run = await translateCli(writeModel('intact', await intactCopy(bundled())));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')).toHaveLength(2); // one line and the final newline
  }, 90_000);

  for (const corruption of CORRUPTIONS) {
    it(`exits non-zero with one line on stderr: ${corruption.name}`, async () => {
      const run = await translateCli(writeModel(corruption.name, await corruption.apply(bundled())));
      expect(run.code, run.stderr).not.toBe(0);
      expect(run.code).not.toBeNull(); // exited by itself, not killed by the timeout
      expect(run.stdout).toBe('');
      const lines = run.stderr.trimEnd().split('\n');
      expect(lines, run.stderr).toHaveLength(1);
      expect(lines[0]).toMatch(/^error: /);
      expect(lines[0]).toMatch(corruption.message);
    }, 90_000);
  }
});
