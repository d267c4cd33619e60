/**
 * The manifest of a trained model, `weights/<name>/manifest.json`, and the
 * helpers that verify the files it lists (SHA-256 via Web Crypto).
 *
 * Every object in the manifest is extensible: unknown fields are kept and
 * ignored, so later versions can add information without breaking readers.
 * Pure TypeScript, no Node modules: runs in Node 20 and in the Worker.
 */
import { WEIGHT_DTYPES, type WeightDtype } from './quantize.ts';

export const MANIFEST_FORMAT = 'edge-mt-manifest';
export const MANIFEST_VERSION = 1;

export interface ManifestFileEntry {
  /** Lower-case hex SHA-256 of the whole file. */
  sha256: string;
  /** File size in bytes. */
  bytes: number;
  [extra: string]: unknown;
}

export interface WeightsManifest {
  format: typeof MANIFEST_FORMAT;
  version: typeof MANIFEST_VERSION;
  model_id: string;
  /** ISO 8601 creation time. */
  created: string;
  /** Every file of the model folder, by file name (e.g. "model.emtw", "tokenizer.json"). */
  files: Record<string, ManifestFileEntry>;
  /** Storage dtype of the weight file. */
  dtype: WeightDtype;
  /** Model configuration (same object as the weight file header's config). */
  config: Record<string, unknown>;
  /** File name (a key of `files`) of the tokenizer. */
  tokenizer: string;
  /** Training facts: data, steps, time, seed... */
  training: Record<string, unknown>;
  /** Evaluation scores: BLEU, chrF... */
  scores: Record<string, unknown>;
  [extra: string]: unknown;
}

export type ManifestErrorCode = 'invalid_manifest' | 'unknown_file' | 'size_mismatch' | 'checksum_mismatch';

/** A manifest that is malformed, or a file that does not match it. */
export class ManifestError extends Error {
  readonly code: ManifestErrorCode;
  constructor(code: ManifestErrorCode, message: string) {
    super(message);
    this.name = 'ManifestError';
    this.code = code;
  }
}

/** Lower-case hex of `bytes`. */
export const toHex = (bytes: Uint8Array): string =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

const asBytes = (bytes: Uint8Array | ArrayBuffer): Uint8Array =>
  bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);

/** Raw 32-byte SHA-256 digest. */
export async function sha256(bytes: Uint8Array | ArrayBuffer): Promise<Uint8Array> {
  const view = asBytes(bytes) as Uint8Array<ArrayBuffer>;
  return new Uint8Array(await crypto.subtle.digest('SHA-256', view));
}

/** Lower-case hex SHA-256 digest. */
export async function sha256Hex(bytes: Uint8Array | ArrayBuffer): Promise<string> {
  return toHex(await sha256(bytes));
}

/** Throws a ManifestError unless `bytes` is exactly the file `name` listed in `manifest`. */
export async function verifyFile(
  name: string,
  bytes: Uint8Array | ArrayBuffer,
  manifest: Pick<WeightsManifest, 'files'>,
): Promise<void> {
  const entry = Object.hasOwn(manifest.files, name) ? manifest.files[name] : undefined;
  if (!entry) throw new ManifestError('unknown_file', `file ${name} is not listed in the manifest`);
  const size = asBytes(bytes).byteLength;
  if (size !== entry.bytes) {
    throw new ManifestError('size_mismatch', `file ${name} has ${size} bytes, the manifest says ${entry.bytes}`);
  }
  const actual = await sha256Hex(bytes);
  if (actual !== entry.sha256.toLowerCase()) {
    throw new ManifestError(
      'checksum_mismatch',
      `file ${name} is corrupt: its SHA-256 is ${actual}, the manifest says ${entry.sha256}`,
    );
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const SHA256_HEX = /^[0-9a-f]{64}$/i;

/** Checks the required fields of a parsed manifest.json and returns it typed; throws ManifestError. */
export function parseManifest(value: unknown): WeightsManifest {
  const fail = (what: string): never => {
    throw new ManifestError('invalid_manifest', `manifest.json is invalid: ${what}`);
  };
  if (!isObject(value)) return fail('it is not a JSON object');
  if (value.format !== MANIFEST_FORMAT) fail(`"format" must be "${MANIFEST_FORMAT}"`);
  if (value.version !== MANIFEST_VERSION) fail(`"version" ${String(value.version)} is not supported (expected 1)`);
  for (const key of ['model_id', 'created', 'tokenizer']) {
    if (typeof value[key] !== 'string') fail(`"${key}" must be a string`);
  }
  for (const key of ['files', 'config', 'training', 'scores']) {
    if (!isObject(value[key])) fail(`"${key}" must be an object`);
  }
  if (!WEIGHT_DTYPES.includes(value.dtype as WeightDtype)) fail(`"dtype" must be one of ${WEIGHT_DTYPES.join(', ')}`);
  const files = value.files as Record<string, unknown>;
  for (const [name, entry] of Object.entries(files)) {
    if (!isObject(entry) || typeof entry.sha256 !== 'string' || !SHA256_HEX.test(entry.sha256)) {
      fail(`files["${name}"].sha256 must be 64 hex digits`);
    }
    const bytes = (entry as Record<string, unknown>).bytes;
    if (!Number.isSafeInteger(bytes) || (bytes as number) < 0) fail(`files["${name}"].bytes must be a byte count`);
  }
  if (!Object.hasOwn(files, value.tokenizer as string)) fail(`tokenizer "${String(value.tokenizer)}" is not in "files"`);
  return value as WeightsManifest;
}
