/**
 * Builds src/backend/kernels/edge-kernels.wasm from edge-kernels.wat with wabt (pinned dev
 * dependency): `npm run build:kernels`. The build is deterministic (no names section, no
 * debug info), so tests/unit/edge-kernels.test.ts can check the committed binary against a
 * fresh build of the source. The output file is written atomically (temp + rename).
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import wabt from 'wabt';

const here = path.dirname(fileURLToPath(import.meta.url));
export const KERNELS_WAT = path.join(here, '..', 'src', 'backend', 'kernels', 'edge-kernels.wat');
export const KERNELS_WASM = path.join(here, '..', 'src', 'backend', 'kernels', 'edge-kernels.wasm');

/** The wasm binary of a WAT source (SIMD, saturating conversions and bulk memory enabled). */
export async function compileWat(source: string, filename = 'edge-kernels.wat'): Promise<Uint8Array> {
  const w = await wabt();
  const mod = w.parseWat(filename, source, { simd: true, sat_float_to_int: true, bulk_memory: true });
  try {
    mod.validate();
    return Uint8Array.from(mod.toBinary({ log: false, write_debug_names: false }).buffer);
  } finally {
    mod.destroy();
  }
}

async function main(): Promise<void> {
  const bytes = await compileWat(await readFile(KERNELS_WAT, 'utf8'));
  const tmp = `${KERNELS_WASM}.${process.pid}.tmp`;
  await writeFile(tmp, bytes);
  await rename(tmp, KERNELS_WASM);
  console.log(`${path.relative(process.cwd(), KERNELS_WASM)}: ${bytes.length} bytes`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e: unknown) => {
    process.stderr.write(`build-kernels: ${(e as Error).message}\n`);
    process.exit(2);
  });
}
