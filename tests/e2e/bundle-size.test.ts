/**
 * The deployable bundle fits Cloudflare's 10 MB (gzip) Worker size limit:
 * `wrangler deploy --dry-run --outdir <tmp>`, then gzip every uploaded module
 * (source maps and the README are not uploaded) and sum (tools/bundle-size.ts).
 */
import { describe, expect, it } from 'vitest';
import { dryRunBundle, formatBytes } from '../../tools/bundle-size.ts';

const LIMIT_BYTES = 10 * 1024 * 1024;

describe('deploy bundle', () => {
  it('is at most 10 MB gzip', async () => {
    const b = await dryRunBundle();
    expect(b.perFile.some((f) => f.file.endsWith('.js'))).toBe(true);
    console.log(`[measure] bundle: ${b.files} files, ${formatBytes(b.raw)} raw, ${formatBytes(b.gzip)} gzip` + (b.wrangler ? ` (wrangler: ${b.wrangler.total} / gzip ${b.wrangler.gzip})` : ''));
    expect(b.gzip).toBeLessThanOrEqual(LIMIT_BYTES);
  });
});
