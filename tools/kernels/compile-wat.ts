/**
 * Compiles edge-mt's kernel source src/backend/kernels/edge-kernels.wat to wasm with wabt
 * (pinned dev dependency). The build is deterministic (no names section, no debug info), so
 * tests/unit/fused-inference.test.ts checks the committed edge-kernels.wasm against a fresh
 * build of the source. `npm run build:kernels` (tools/build-kernels.ts) writes it.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import wabt from 'wabt';

const kernels = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'backend', 'kernels');
export const KERNELS_WAT = path.join(kernels, 'edge-kernels.wat');
export const KERNELS_WASM = path.join(kernels, 'edge-kernels.wasm');

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
