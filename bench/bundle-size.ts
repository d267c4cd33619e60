/**
 * Size of the deployable Worker bundle: `wrangler deploy --dry-run --outdir <tmp>`, then
 * gzip (level 9) of every uploaded module (source maps and the README are not uploaded),
 * per file and in total, against Cloudflare's 10 MiB (gzip) Worker size limit — the same
 * measurement as tests/e2e/bundle-size.test.ts, with the per-file split and the headroom.
 *
 *   npx tsx bench/bundle-size.ts
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { QUIET_ENV, REPO_ROOT, WRANGLER_BIN } from '../tests/e2e/wrangler-process.ts';
import { describeContext, runContext } from './lib/run-context.ts';
import { checkTarget, formatCheck, TARGETS } from './lib/targets.ts';
import { writeResult } from './lib/write-result.ts';

const MiB = 1024 * 1024;

async function main(): Promise<void> {
  const ctx = runContext();
  console.log(`bundle size: ${describeContext(ctx)}`);
  const outdir = await mkdtemp(join(tmpdir(), 'edge-mt-bench-dist-'));
  try {
    const { stdout, stderr } = await promisify(execFile)(WRANGLER_BIN, ['deploy', '--dry-run', '--outdir', outdir], { cwd: REPO_ROOT, env: QUIET_ENV, maxBuffer: 16 * MiB });
    const reported = /Total Upload: ([\d.]+ \w+) \/ gzip: ([\d.]+ \w+)/.exec(stdout + stderr);
    const files = [];
    for (const name of (await readdir(outdir)).filter((f) => !f.endsWith('.map') && f !== 'README.md')) {
      const bytes = await readFile(join(outdir, name));
      files.push({ file: name.replace(/^[0-9a-f]{40}-/, ''), bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length });
    }
    files.sort((a, b) => b.gzipBytes - a.gzipBytes);
    const raw = files.reduce((a, f) => a + f.bytes, 0), gzip = files.reduce((a, f) => a + f.gzipBytes, 0);
    for (const f of files) console.log(`  ${f.file.padEnd(36)} ${(f.bytes / 1024).toFixed(1).padStart(9)} KiB ${(f.gzipBytes / 1024).toFixed(1).padStart(9)} KiB gzip`);
    console.log(`total: ${(raw / MiB).toFixed(2)} MiB raw, ${(gzip / MiB).toFixed(3)} MiB gzip, headroom ${((10 * MiB - gzip) / 1024).toFixed(0)} KiB${reported ? ` (wrangler: ${reported[1]} / gzip ${reported[2]})` : ''}`);
    const check = checkTarget(TARGETS.bundle, gzip / MiB, 'sum of gzip -9 of each uploaded module');
    console.log(formatCheck(check));
    const file = writeResult('bundle-size', { benchmark: 'bundle-size', machine: ctx, files, rawBytes: raw, gzipBytes: gzip, headroomBytes: 10 * MiB - gzip, wrangler: reported ? { total: reported[1], gzip: reported[2] } : null, targets: [check] });
    console.log(`wrote ${file}`);
  } finally {
    await rm(outdir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  if (process.env.DEBUG) console.error(e);
  process.stderr.write(`bundle-size: ${(e as Error).message.split('\n')[0]}\n`);
  process.exitCode = 1;
});
