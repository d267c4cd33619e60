/**
 * The deployable bundle fits Cloudflare's 10 MB (gzip) Worker size limit:
 * `wrangler deploy --dry-run --outdir <tmp>`, then gzip every uploaded module
 * (source maps and the README are not uploaded) and sum.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUIET_ENV, REPO_ROOT, WRANGLER_BIN } from './wrangler-process.ts';

const LIMIT_BYTES = 10 * 1024 * 1024;
let outdir: string;
let wranglerOutput: string;

beforeAll(async () => {
  outdir = await mkdtemp(join(tmpdir(), 'edge-mt-dist-'));
  const { stdout, stderr } = await promisify(execFile)(WRANGLER_BIN, ['deploy', '--dry-run', '--outdir', outdir], {
    cwd: REPO_ROOT,
    env: QUIET_ENV,
    maxBuffer: 16 * 1024 * 1024,
  });
  wranglerOutput = stdout + stderr;
});

afterAll(async () => {
  if (outdir) await rm(outdir, { recursive: true, force: true });
});

describe('deploy bundle', () => {
  it('is at most 10 MB gzip', async () => {
    const files = (await readdir(outdir)).filter((f) => !f.endsWith('.map') && f !== 'README.md');
    expect(files.some((f) => f.endsWith('.js'))).toBe(true);
    let raw = 0;
    let gzip = 0;
    for (const f of files) {
      const bytes = await readFile(join(outdir, f));
      raw += bytes.length;
      gzip += gzipSync(bytes, { level: 9 }).length;
    }
    const reported = /Total Upload: ([\d.]+ \w+) \/ gzip: ([\d.]+ \w+)/.exec(wranglerOutput);
    console.log(
      `[measure] bundle: ${files.length} files, ${(raw / 1024).toFixed(1)} KiB raw, ${(gzip / 1024).toFixed(1)} KiB gzip` +
        (reported ? ` (wrangler: ${reported[1]} / gzip ${reported[2]})` : ''),
    );
    expect(gzip).toBeLessThanOrEqual(LIMIT_BYTES);
  });
});
