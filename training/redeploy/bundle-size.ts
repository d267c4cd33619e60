/**
 * Size of a wrangler bundle folder (`wrangler deploy --outdir DIR`): raw bytes and gzip
 * (level 9) bytes of every uploaded module (source maps and wrangler's README are not
 * uploaded), and the model manifest bundled in it (wrangler names it <hash>-manifest.json).
 */
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export interface BundleSize { files: number; raw: number; gzip: number; manifest: Record<string, unknown> | null }

export function measureBundle(dir: string): BundleSize {
  const files = fs.readdirSync(dir).filter((f) => !f.endsWith('.map') && f !== 'README.md' && fs.statSync(path.join(dir, f)).isFile());
  let raw = 0;
  let gzip = 0;
  let manifest: Record<string, unknown> | null = null;
  for (const f of files) {
    const bytes = fs.readFileSync(path.join(dir, f));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
    if (f.endsWith('manifest.json')) {
      try { manifest = JSON.parse(bytes.toString('utf8')); } catch { /* not a model manifest */ }
    }
  }
  return { files: files.length, raw, gzip, manifest };
}

/** "12.34 MiB" / "567.8 KiB". */
export function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(2)} MiB` : `${(n / 1024).toFixed(1)} KiB`;
}
