/**
 * Size of the deployable Worker bundle: `wrangler deploy --dry-run --outdir <tmp>`, then
 * gzip (level 9) of every uploaded module (source maps and the README are not uploaded),
 * per file and in total, against Cloudflare's 10 MiB (gzip) Worker size limit — the same
 * measurement as tests/e2e/bundle-size.test.ts, with the per-file split and the headroom.
 *
 *   npx tsx bench/bundle-size.ts
 */
import { dryRunBundle } from '../tools/bundle-size.ts';
import { describeContext, runContext } from './lib/run-context.ts';
import { checkTarget, formatCheck, TARGETS } from './lib/targets.ts';
import { writeResult } from './lib/write-result.ts';

const MiB = 1024 * 1024;

async function main(): Promise<void> {
  const ctx = runContext();
  console.log(`bundle size: ${describeContext(ctx)}`);
  const b = await dryRunBundle();
  const files = b.perFile;
  for (const f of files) console.log(`  ${f.file.padEnd(36)} ${(f.bytes / 1024).toFixed(1).padStart(9)} KiB ${(f.gzipBytes / 1024).toFixed(1).padStart(9)} KiB gzip`);
  console.log(`total: ${(b.raw / MiB).toFixed(2)} MiB raw, ${(b.gzip / MiB).toFixed(3)} MiB gzip, headroom ${((10 * MiB - b.gzip) / 1024).toFixed(0)} KiB${b.wrangler ? ` (wrangler: ${b.wrangler.total} / gzip ${b.wrangler.gzip})` : ''}`);
  const check = checkTarget(TARGETS.bundle, b.gzip / MiB, 'sum of gzip -9 of each uploaded module');
  console.log(formatCheck(check));
  const file = writeResult('bundle-size', { benchmark: 'bundle-size', machine: ctx, files, rawBytes: b.raw, gzipBytes: b.gzip, headroomBytes: 10 * MiB - b.gzip, wrangler: b.wrangler, targets: [check] });
  console.log(`wrote ${file}`);
}

main().catch((e: unknown) => {
  if (process.env.DEBUG) console.error(e);
  process.stderr.write(`bundle-size: ${(e as Error).message.split('\n')[0]}\n`);
  process.exitCode = 1;
});
