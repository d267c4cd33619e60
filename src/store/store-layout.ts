/**
 * Where the model store keeps things in R2 (binding `MODELS`):
 *
 *   models/<pair>/<model-id>/manifest.json | tokenizer.json | model.bin | shortlist.json
 *   models/<pair>/active.json        the pointer: the active version and every published one, with sha256s
 *
 * Versions are immutable (a model id names its bytes); only the pointer changes, so a
 * publish or a rollback is one small write. Pure TypeScript, shared by the Worker, the
 * publishing tools (Node) and the tests.
 */

/** The files of a model folder, in the order they are uploaded (the manifest last). */
export const MODEL_FILES = ['model.bin', 'tokenizer.json', 'shortlist.json', 'manifest.json'] as const;

/** The pair served when a request names none. */
export const DEFAULT_PAIR = 'en-es';

/** A language pair: two ISO 639 codes, source first ("en-es"). */
export const PAIR_PATTERN = /^[a-z]{2,3}-[a-z]{2,3}$/;
/** A model id: what export.ts writes (`<pair>-<dtype>-<hash>`), or any safe key segment. */
export const MODEL_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export const STORE_PREFIX = 'models/';

export const pairOf = (source: string, target: string): string => `${source}-${target}`;

export const objectKey = (pair: string, modelId: string, file: string): string => `${STORE_PREFIX}${pair}/${modelId}/${file}`;

export const pointerKey = (pair: string): string => `${STORE_PREFIX}${pair}/active.json`;

/** The pair of a `models/<pair>/` prefix as R2 lists it, or null. */
export function pairOfPrefix(prefix: string): string | null {
  const m = /^models\/([^/]+)\/$/.exec(prefix);
  return m && PAIR_PATTERN.test(m[1]!) ? m[1]! : null;
}
