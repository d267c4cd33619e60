/**
 * The damaged model folders both integrity tests feed to a loader (the CLI in Node,
 * `loadTranslator` in workerd): each takes the intact files as bytes and returns a
 * corrupted copy, with the one-line reason the loader must give. "Re-signed" variants
 * also rewrite the manifest's sha256/bytes of the damaged file, so that the weight
 * file's own checks (magic, version, header hash, sizes, data hash) are the ones that
 * must fire. Pure TypeScript with Web Crypto: runs in Node and in workerd.
 */
import { sha256Hex } from '../../src/model/storage/manifest.ts';
import { PREAMBLE_BYTES, WEIGHT_FILE_VERSION } from '../../src/model/storage/weight-file.ts';

export type ModelBytes = Record<string, Uint8Array>;

export interface Corruption {
  name: string;
  apply: (files: ModelBytes) => Promise<ModelBytes>;
  /** What the loader's message must say. */
  message: RegExp;
}

const WEIGHTS = 'model.bin';
const encoder = new TextEncoder();
const decoder = new TextDecoder();

const manifestOf = (files: ModelBytes) => JSON.parse(decoder.decode(files['manifest.json'])) as { files: Record<string, { sha256: string; bytes: number }> };

/** A copy of `files` with `name` replaced by `bytes` (the manifest untouched). */
const replaced = (files: ModelBytes, name: string, bytes: Uint8Array): ModelBytes => ({ ...files, [name]: bytes });

/** Like `replaced`, and the manifest entry of `name` updated to the new bytes. */
async function resigned(files: ModelBytes, name: string, bytes: Uint8Array): Promise<ModelBytes> {
  const manifest = manifestOf(files);
  manifest.files[name] = { ...manifest.files[name]!, sha256: await sha256Hex(bytes), bytes: bytes.byteLength };
  return { ...files, [name]: bytes, 'manifest.json': encoder.encode(JSON.stringify(manifest, null, 2)) };
}

/** Header length of a weight file (uint32 LE at offset 8). */
const headerLength = (bytes: Uint8Array) => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(8, true);

/** A copy of `bytes` with one bit flipped at `offset`. */
function flipBit(bytes: Uint8Array, offset: number): Uint8Array {
  const out = bytes.slice();
  out[offset]! ^= 0x10;
  return out;
}

/** An offset in the middle of the data section. */
const dataOffset = (bytes: Uint8Array) => PREAMBLE_BYTES + headerLength(bytes) + Math.floor((bytes.byteLength - PREAMBLE_BYTES - headerLength(bytes)) / 2);

export const CORRUPTIONS: readonly Corruption[] = [
  {
    name: 'model.bin truncated to half (manifest unchanged)',
    apply: async (f) => replaced(f, WEIGHTS, f[WEIGHTS]!.slice(0, f[WEIGHTS]!.byteLength >> 1)),
    message: /file model\.bin has \d+ bytes, the manifest says \d+/,
  },
  {
    name: 'model.bin truncated to half (manifest re-signed)',
    apply: (f) => resigned(f, WEIGHTS, f[WEIGHTS]!.slice(0, f[WEIGHTS]!.byteLength >> 1)),
    message: /weights file is truncated: expected \d+ bytes, got \d+/,
  },
  {
    name: 'model.bin cut inside its preamble (manifest re-signed)',
    apply: (f) => resigned(f, WEIGHTS, f[WEIGHTS]!.slice(0, 20)),
    message: /weights file is truncated: expected at least 44 bytes, got 20/,
  },
  {
    name: 'one bit flipped in the weights data (manifest unchanged)',
    apply: async (f) => replaced(f, WEIGHTS, flipBit(f[WEIGHTS]!, dataOffset(f[WEIGHTS]!))),
    message: /file model\.bin is corrupt: its SHA-256 is [0-9a-f]{64}, the manifest says [0-9a-f]{64}/,
  },
  {
    name: 'one bit flipped in the weights data (manifest re-signed)',
    apply: (f) => resigned(f, WEIGHTS, flipBit(f[WEIGHTS]!, dataOffset(f[WEIGHTS]!))),
    message: /weights file data is corrupt: its SHA-256 is [0-9a-f]{64}, the header says [0-9a-f]{64}/,
  },
  {
    name: 'one bit flipped in the weight file header (manifest re-signed)',
    apply: (f) => resigned(f, WEIGHTS, flipBit(f[WEIGHTS]!, PREAMBLE_BYTES + 1)),
    message: /weights file header is corrupt: its SHA-256 does not match/,
  },
  {
    name: `wrong format version ${WEIGHT_FILE_VERSION + 1} (manifest re-signed)`,
    apply: (f) => {
      const bytes = f[WEIGHTS]!.slice();
      new DataView(bytes.buffer).setUint32(4, WEIGHT_FILE_VERSION + 1, true);
      return resigned(f, WEIGHTS, bytes);
    },
    message: new RegExp(`weights file format version ${WEIGHT_FILE_VERSION + 1} is not supported \\(this build reads version ${WEIGHT_FILE_VERSION}\\)`),
  },
  {
    name: 'wrong magic "GGUF" (manifest re-signed)',
    apply: (f) => {
      const bytes = f[WEIGHTS]!.slice();
      bytes.set(encoder.encode('GGUF'), 0);
      return resigned(f, WEIGHTS, bytes);
    },
    message: /not a weights file: it starts with "GGUF", expected "EMTW"/,
  },
  {
    name: '16 extra bytes at the end of model.bin (manifest re-signed)',
    apply: (f) => {
      const bytes = new Uint8Array(f[WEIGHTS]!.byteLength + 16);
      bytes.set(f[WEIGHTS]!);
      return resigned(f, WEIGHTS, bytes);
    },
    message: /weights file has 16 unexpected trailing bytes/,
  },
  {
    name: 'manifest sha256 of model.bin does not match the file',
    apply: async (f) => {
      const manifest = manifestOf(f);
      manifest.files[WEIGHTS]!.sha256 = 'f'.repeat(64);
      return { ...f, 'manifest.json': encoder.encode(JSON.stringify(manifest)) };
    },
    message: /file model\.bin is corrupt: its SHA-256 is [0-9a-f]{64}, the manifest says f{64}/,
  },
  {
    name: 'one bit flipped in tokenizer.json (manifest unchanged)',
    apply: async (f) => replaced(f, 'tokenizer.json', flipBit(f['tokenizer.json']!, 1000)),
    message: /file tokenizer\.json is corrupt: its SHA-256 is [0-9a-f]{64}/,
  },
  {
    name: 'manifest.json that is not JSON',
    apply: async (f) => replaced(f, 'manifest.json', f['manifest.json']!.slice(0, 100)),
    message: /manifest\.json is invalid: /,
  },
];

/** The intact files, copied (the "corruption" that changes nothing: a control for the harness). */
export const intactCopy = async (files: ModelBytes): Promise<ModelBytes> =>
  Object.fromEntries(Object.entries(files).map(([k, v]) => [k, v.slice()]));
