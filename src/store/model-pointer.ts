/**
 * The pointer of a pair (`models/<pair>/active.json`): which version is active, and every
 * published version with the sha256 and size of each of its files, its test scores and
 * when it was published. The Worker trusts the pointer and checks every object it reads
 * against it; a publish writes it last, after the objects were read back and verified.
 */
import { MODEL_ID_PATTERN, PAIR_PATTERN } from './store-layout.ts';

export const POINTER_FORMAT = 'edge-mt-model-pointer';

/** How many published versions a pointer remembers (older ones can no longer be pinned). */
export const POINTER_MAX_VERSIONS = 20;

export interface StoredFile {
  sha256: string;
  bytes: number;
}

export interface PublishedVersion {
  /** ISO 8601 time of the publish. */
  published: string;
  files: Record<string, StoredFile>;
  /** The manifest's test scores (what GET /models shows). */
  scores?: Record<string, unknown>;
}

export interface ModelPointer {
  format: typeof POINTER_FORMAT;
  pair: string;
  /** The version served by default. */
  active: string;
  /** Ids in the order they became active (the last is `active`); rollback walks it back. */
  history: string[];
  versions: Record<string, PublishedVersion>;
}

const HEX64 = /^[0-9a-f]{64}$/;

/** Parses and checks a pointer; throws an Error naming the problem. */
export function parsePointer(text: string, pair: string): ModelPointer {
  let p: ModelPointer;
  try {
    p = JSON.parse(text) as ModelPointer;
  } catch (e) {
    throw new Error(`pointer of ${pair} is not JSON (${(e as Error).message})`);
  }
  const bad = (what: string) => new Error(`pointer of ${pair} is invalid: ${what}`);
  if (!p || typeof p !== 'object' || p.format !== POINTER_FORMAT) throw bad(`format is not ${POINTER_FORMAT}`);
  if (p.pair !== pair || !PAIR_PATTERN.test(p.pair)) throw bad(`it names pair ${JSON.stringify(p.pair)}`);
  if (!p.versions || typeof p.versions !== 'object') throw bad('no versions');
  if (typeof p.active !== 'string' || !Object.hasOwn(p.versions, p.active)) throw bad(`active version ${JSON.stringify(p.active)} is not among its versions`);
  if (!Array.isArray(p.history)) throw bad('no history');
  for (const [id, v] of Object.entries(p.versions)) {
    if (!MODEL_ID_PATTERN.test(id)) throw bad(`version id ${JSON.stringify(id)}`);
    for (const [name, f] of Object.entries(v?.files ?? {})) {
      if (!f || !HEX64.test(f.sha256) || !Number.isInteger(f.bytes)) throw bad(`file ${name} of ${id} has no sha256/bytes`);
    }
    if (!v.files?.['manifest.json']) throw bad(`version ${id} lists no manifest.json`);
  }
  return p;
}

/** The pointer after `modelId` (with these files) becomes active. */
export function activate(previous: ModelPointer | null, pair: string, modelId: string, version: PublishedVersion): ModelPointer {
  const versions = { ...(previous?.versions ?? {}), [modelId]: version };
  const history = [...(previous?.history ?? []), modelId];
  // Forget the oldest versions past the cap, never the active one.
  const ids = Object.keys(versions).sort((a, b) => versions[a]!.published.localeCompare(versions[b]!.published));
  for (const id of ids.slice(0, Math.max(0, ids.length - POINTER_MAX_VERSIONS))) if (id !== modelId) delete versions[id];
  return { format: POINTER_FORMAT, pair, active: modelId, history: history.filter((id) => Object.hasOwn(versions, id)).slice(-4 * POINTER_MAX_VERSIONS), versions };
}

/**
 * The version a rollback goes to: `to` when given (it must be published), else the last
 * version in the history that was active before the current one and is not it.
 */
export function rollbackTarget(pointer: ModelPointer, to?: string): string {
  if (to !== undefined) {
    if (!Object.hasOwn(pointer.versions, to)) throw new Error(`unknown version ${to}: it is not a published version of ${pointer.pair} (published: ${Object.keys(pointer.versions).join(', ')})`);
    if (to === pointer.active) throw new Error(`invalid --to: ${to} is already the active version of ${pointer.pair}`);
    return to;
  }
  for (let i = pointer.history.length - 1; i >= 0; i--) {
    const id = pointer.history[i]!;
    if (id !== pointer.active && Object.hasOwn(pointer.versions, id)) return id;
  }
  throw new Error(`${pointer.pair} has no earlier version to roll back to (active: ${pointer.active})`);
}

/** The pointer after a rollback to `modelId` (already published). */
export function rollBack(pointer: ModelPointer, modelId: string): ModelPointer {
  return { ...pointer, active: modelId, history: [...pointer.history, modelId].slice(-4 * POINTER_MAX_VERSIONS) };
}
