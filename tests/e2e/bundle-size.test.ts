/**
 * The deployable script carries no weights (they live in the R2 model store) and stays
 * within 1 MiB gzip: `wrangler deploy --dry-run --outdir <tmp>`, then gzip every uploaded
 * module (source maps and the README are not uploaded) and sum (tools/bundle-size.ts).
 */
import { describe, expect, it } from 'vitest';
import { dryRunBundle, formatBytes } from '../../tools/bundle-size.ts';

const LIMIT_BYTES = 1024 * 1024;

describe('deploy bundle', () => {
  it('is at most 1 MiB gzip and holds no model file', async () => {
    const b = await dryRunBundle();
    expect(b.perFile.some((f) => f.file.endsWith('.js'))).toBe(true);
    expect(b.perFile.map((f) => f.file).filter((f) => /model\.bin|tokenizer\.json|shortlist\.json|manifest\.json/.test(f))).toEqual([]);
    expect(b.manifest).toBeNull();
    console.log(`[measure] bundle: ${b.files} files, ${formatBytes(b.raw)} raw, ${formatBytes(b.gzip)} gzip` + (b.wrangler ? ` (wrangler: ${b.wrangler.total} / gzip ${b.wrangler.gzip})` : ''));
    expect(b.gzip).toBeLessThanOrEqual(LIMIT_BYTES);
  });
});
