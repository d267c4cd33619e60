/**
 * `npm run build:kernels`: rebuilds src/backend/kernels/edge-kernels.wasm from
 * edge-kernels.wat (tools/kernels/compile-wat.ts), written atomically.
 */
import fs from 'node:fs';
import path from 'node:path';
import { runCli } from './cli.ts';
import { writeFileAtomic } from './atomic-write.ts';
import { compileWat, KERNELS_WASM, KERNELS_WAT } from './kernels/compile-wat.ts';

runCli('Usage: npm run build:kernels   (rewrites src/backend/kernels/edge-kernels.wasm from edge-kernels.wat)', async () => {
  const bytes = await compileWat(fs.readFileSync(KERNELS_WAT, 'utf8'));
  const same = fs.existsSync(KERNELS_WASM) && Buffer.from(fs.readFileSync(KERNELS_WASM)).equals(Buffer.from(bytes));
  if (!same) writeFileAtomic(KERNELS_WASM, bytes);
  console.log(`${path.relative(process.cwd(), KERNELS_WASM)}: ${bytes.length} bytes${same ? ' (unchanged)' : ''}`);
});
