/**
 * Size of a wrangler bundle folder (`wrangler deploy --outdir DIR`): raw bytes and gzip
 * (level 9) bytes of every uploaded module (source maps and wrangler's README are not
 * uploaded), and the model manifest bundled in it (wrangler names it <hash>-manifest.json).
 * The one measurement used by the bundle-size test, the bench and the redeploy summary.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { QUIET_ENV, REPO_ROOT, WRANGLER_BIN } from './wrangler-process.ts';

export interface BundleFile { file: string; bytes: number; gzipBytes: number }
export interface BundleSize {
  files: number;
  raw: number;
  gzip: number;
  /** Every uploaded module, largest (gzip) first; names without wrangler's hash prefix. */
  perFile: BundleFile[];
  manifest: Record<string, unknown> | null;
}

export function measureBundle(dir: string): BundleSize {
  const names = fs.readdirSync(dir).filter((f) => !f.endsWith('.map') && f !== 'README.md' && fs.statSync(path.join(dir, f)).isFile());
  const perFile: BundleFile[] = [];
  let manifest: Record<string, unknown> | null = null;
  for (const f of names) {
    const bytes = fs.readFileSync(path.join(dir, f));
    perFile.push({ file: f.replace(/^[0-9a-f]{40}-/, ''), bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length });
    if (f.endsWith('manifest.json')) {
      try { manifest = JSON.parse(bytes.toString('utf8')); } catch { /* not a model manifest */ }
    }
  }
  perFile.sort((a, b) => b.gzipBytes - a.gzipBytes);
  const sum = (k: 'bytes' | 'gzipBytes') => perFile.reduce((a, f) => a + f[k], 0);
  return { files: perFile.length, raw: sum('bytes'), gzip: sum('gzipBytes'), perFile, manifest };
}

/** What `wrangler deploy --dry-run` printed as its own total ("Total Upload: X / gzip: Y"), if it did. */
export interface WranglerReported { total: string; gzip: string }

/** Runs `wrangler deploy --dry-run --outdir <tmp>`, measures the folder, and removes it. */
export async function dryRunBundle(): Promise<BundleSize & { wrangler: WranglerReported | null }> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'edge-mt-dist-'));
  try {
    const { stdout, stderr } = await promisify(execFile)(WRANGLER_BIN, ['deploy', '--dry-run', '--outdir', outdir], { cwd: REPO_ROOT, env: QUIET_ENV, maxBuffer: 16 << 20 });
    const reported = /Total Upload: ([\d.]+ \w+) \/ gzip: ([\d.]+ \w+)/.exec(stdout + stderr);
    return { ...measureBundle(outdir), wrangler: reported ? { total: reported[1], gzip: reported[2] } : null };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** "12.34 MiB" / "567.8 KiB". */
export function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(2)} MiB` : `${(n / 1024).toFixed(1)} KiB`;
}
