/**
 * The Worker's read side of the model store: the pointer of a pair (read from R2 on every
 * call, so a publish or rollback is seen by the next request), the list of pairs, and a
 * model version's files, each checked against the sha256 the pointer records before use
 * (Cache API first, then R2).
 */
import { cachedObject, cacheObject } from './object-cache.ts';
import { parsePointer, type ModelPointer, type PublishedVersion } from './model-pointer.ts';
import { sha256Hex } from './publish.ts';
import { objectKey, pairOfPrefix, pointerKey, STORE_PREFIX } from './store-layout.ts';

/** An object that is missing or fails its check against the pointer. */
export class ObjectIntegrityError extends Error {}

export interface LoadedFile {
  bytes: Uint8Array;
  from: 'cache' | 'r2';
}

export class ModelStore {
  constructor(private readonly bucket: R2Bucket) {}

  async pointer(pair: string): Promise<ModelPointer | null> {
    const obj = await this.bucket.get(pointerKey(pair));
    return obj ? parsePointer(await obj.text(), pair) : null;
  }

  async pairs(): Promise<string[]> {
    const pairs: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.bucket.list({ prefix: STORE_PREFIX, delimiter: '/', cursor });
      for (const p of page.delimitedPrefixes) {
        const pair = pairOfPrefix(p);
        if (pair) pairs.push(pair);
      }
      cursor = page.truncated ? page.cursor : undefined;
    } while (cursor);
    return pairs.sort();
  }

  /** A file of a published version, verified against the pointer's sha256 and size. */
  async file(pair: string, modelId: string, version: PublishedVersion, name: string): Promise<LoadedFile> {
    const expected = version.files[name];
    if (!expected) throw new ObjectIntegrityError(`${name} is not listed for ${pair}/${modelId} in the pointer`);
    const key = objectKey(pair, modelId, name);
    const cached = await cachedObject(key);
    if (cached && cached.length === expected.bytes && (await sha256Hex(cached)) === expected.sha256) return { bytes: cached, from: 'cache' };
    const obj = await this.bucket.get(key);
    if (!obj) throw new ObjectIntegrityError(`${key} is missing from the model store`);
    const bytes = new Uint8Array(await obj.arrayBuffer());
    const sha = await sha256Hex(bytes);
    if (sha !== expected.sha256 || bytes.length !== expected.bytes) {
      throw new ObjectIntegrityError(`${key} has sha256 ${sha} (${bytes.length} bytes), the pointer expects ${expected.sha256} (${expected.bytes} bytes)`);
    }
    await cacheObject(key, bytes);
    return { bytes, from: 'r2' };
  }
}
