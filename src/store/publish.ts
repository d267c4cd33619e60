/**
 * Publishing to the model store, and rolling back: the one implementation behind
 * `npm run redeploy`, `npm run rollback`, the local seeding of `npm run dev` and the tests.
 *
 * Publish: check the folder against its own manifest, upload each object that is not
 * already there (objects are immutable: an existing key with other bytes is refused),
 * read every object back and check its sha256, and only then write the pair's pointer.
 * Any failure leaves the pointer as it was. Rollback rewrites only the pointer.
 */
import { activate, parsePointer, rollBack, rollbackTarget, type ModelPointer, type StoredFile } from './model-pointer.ts';
import type { StoreBucket } from './store-bucket.ts';
import { MODEL_FILES, MODEL_ID_PATTERN, PAIR_PATTERN, objectKey, pointerKey } from './store-layout.ts';

export const sha256Hex = async (bytes: Uint8Array): Promise<string> =>
  Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>)), (b) => b.toString(16).padStart(2, '0')).join('');

/** A publish or rollback that was refused; the pointer was not changed. */
export class StoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreError';
  }
}

export interface ModelFolderBytes {
  [file: string]: Uint8Array;
}

export interface PublishReport {
  pair: string;
  modelId: string;
  uploaded: string[];
  alreadyPresent: string[];
  /** The previously active version (null on the first publish). */
  previous: string | null;
  pointer: ModelPointer;
}

/** The pair a model folder is for: its manifest's `language_pair`, else en-es (older exports). */
export function manifestPair(manifest: Record<string, unknown>): string {
  const pair = manifest.language_pair;
  return typeof pair === 'string' ? pair : 'en-es';
}

export async function readPointer(bucket: StoreBucket, pair: string): Promise<ModelPointer | null> {
  const bytes = await bucket.get(pointerKey(pair));
  return bytes ? parsePointer(new TextDecoder().decode(bytes), pair) : null;
}

async function writePointer(bucket: StoreBucket, pointer: ModelPointer): Promise<void> {
  const bytes = new TextEncoder().encode(`${JSON.stringify(pointer, null, 1)}\n`);
  await bucket.put(pointerKey(pointer.pair), bytes, await sha256Hex(bytes));
}

/**
 * Uploads a model folder as version `<manifest.model_id>` of `pair`, verifies it by reading
 * it back, and makes it the active version (with `activate: false`, only when the pair has
 * no active version yet: the local seeding never undoes a local publish or rollback).
 */
export async function publishModel(
  bucket: StoreBucket,
  files: ModelFolderBytes,
  options: { pair?: string; activate?: boolean; now?: Date; log?: (line: string) => void } = {},
): Promise<PublishReport> {
  const log = options.log ?? (() => {});
  if (!files['manifest.json']) throw new StoreError('the model folder has no manifest.json');
  let manifest: { model_id?: unknown; files?: Record<string, { sha256?: string }>; scores?: Record<string, unknown> } & Record<string, unknown>;
  try {
    manifest = JSON.parse(new TextDecoder().decode(files['manifest.json']));
  } catch (e) {
    throw new StoreError(`manifest.json is not JSON: ${(e as Error).message}`);
  }
  const modelId = manifest.model_id;
  if (typeof modelId !== 'string' || !MODEL_ID_PATTERN.test(modelId)) throw new StoreError(`manifest.json has no usable model_id (${JSON.stringify(modelId)})`);
  const pair = options.pair ?? manifestPair(manifest);
  if (!PAIR_PATTERN.test(pair)) throw new StoreError(`not a language pair: ${JSON.stringify(pair)} (expected e.g. en-es)`);

  // The folder must match its own manifest before anything is uploaded.
  const stored: Record<string, StoredFile> = {};
  for (const name of MODEL_FILES) {
    const bytes = files[name];
    if (!bytes) {
      if (name === 'shortlist.json' && !manifest.files?.[name]) continue; // optional
      throw new StoreError(`the model folder has no ${name}`);
    }
    const sha256 = await sha256Hex(bytes);
    const listed = manifest.files?.[name]?.sha256;
    if (name !== 'manifest.json' && listed?.toLowerCase() !== sha256) {
      throw new StoreError(`${name} does not match manifest.json (sha256 ${sha256}, manifest ${listed ?? 'lists no such file'})`);
    }
    stored[name] = { sha256, bytes: bytes.length };
  }

  const previousPointer = await readPointer(bucket, pair);
  const published = previousPointer?.versions[modelId];
  if (published && published.files['manifest.json']?.sha256 !== stored['manifest.json']!.sha256) {
    throw new StoreError(`${pair}/${modelId} is already published with other bytes: versions are immutable (export a new model id)`);
  }

  const uploaded: string[] = [];
  const alreadyPresent: string[] = [];
  for (const [name, f] of Object.entries(stored)) {
    const key = objectKey(pair, modelId, name);
    const recorded = await bucket.recordedSha256(key);
    if (recorded === f.sha256) {
      alreadyPresent.push(name);
      continue;
    }
    if (recorded !== null && recorded !== undefined) {
      throw new StoreError(`${key} already exists with other bytes (sha256 ${recorded}): versions are immutable`);
    }
    await bucket.put(key, files[name]!, f.sha256);
    uploaded.push(name);
    log(`uploaded ${key} (${f.bytes} bytes, sha256 ${f.sha256})`);
  }

  // Read everything back: the pointer flips only to objects that are really there, intact.
  for (const [name, f] of Object.entries(stored)) {
    const key = objectKey(pair, modelId, name);
    const back = await bucket.get(key);
    if (!back) throw new StoreError(`read-back failed: ${key} is missing after the upload; the pointer was not changed`);
    const sha = await sha256Hex(back);
    if (sha !== f.sha256 || back.length !== f.bytes) {
      throw new StoreError(`read-back failed: ${key} has sha256 ${sha} (${back.length} bytes), expected ${f.sha256} (${f.bytes} bytes); the pointer was not changed`);
    }
  }
  log(`verified ${Object.keys(stored).length} objects of ${pair}/${modelId} by reading them back`);

  const version = published ?? { published: (options.now ?? new Date()).toISOString(), files: stored, scores: manifest.scores };
  const report = (pointer: ModelPointer): PublishReport => ({ pair, modelId, uploaded, alreadyPresent, previous: previousPointer?.active ?? null, pointer });
  let pointer: ModelPointer;
  if (options.activate === false && previousPointer) {
    // Listed (so it can be pinned or rolled to), but the active version stays.
    if (published) return report(previousPointer);
    pointer = { ...previousPointer, versions: { ...previousPointer.versions, [modelId]: version } };
  } else {
    if (previousPointer?.active === modelId) return report(previousPointer);
    pointer = activate(previousPointer, pair, modelId, version);
  }
  await writePointer(bucket, pointer);
  log(`pointer ${pointerKey(pair)}: active ${previousPointer?.active ?? '(none)'} → ${pointer.active}`);
  return report(pointer);
}

/** Flips the pair's pointer back (to `to`, or to the version active before the current one). */
export async function rollbackModel(bucket: StoreBucket, pair: string, to?: string): Promise<{ from: string; to: string; pointer: ModelPointer }> {
  if (!PAIR_PATTERN.test(pair)) throw new StoreError(`not a language pair: ${JSON.stringify(pair)} (expected e.g. en-es)`);
  const pointer = await readPointer(bucket, pair);
  if (!pointer) throw new StoreError(`no model is published for ${pair}`);
  let target: string;
  try {
    target = rollbackTarget(pointer, to);
  } catch (e) {
    throw new StoreError((e as Error).message);
  }
  const next = rollBack(pointer, target);
  await writePointer(bucket, next);
  return { from: pointer.active, to: target, pointer: next };
}
