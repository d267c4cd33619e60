/**
 * The few bucket operations the model store needs, so that one publish/rollback
 * implementation serves a real R2 binding (the Worker, the workerd tests, wrangler's local
 * R2 through getPlatformProxy) and wrangler's command line (remote R2).
 */
export interface StoreBucket {
  /** The object's bytes, or null when there is none. */
  get(key: string): Promise<Uint8Array | null>;
  /** Writes the object; `sha256` (hex) is checked by R2 on upload and kept as custom metadata. */
  put(key: string, bytes: Uint8Array, sha256?: string): Promise<void>;
  /** The sha256 recorded with the object at upload (null: no object; undefined: not recorded). */
  recordedSha256(key: string): Promise<string | null | undefined>;
  /** The `models/<pair>/` prefixes under `prefix`. */
  listPrefixes(prefix: string): Promise<string[]>;
}

/** A StoreBucket over an R2 binding (or getPlatformProxy's proxy of one). */
export function r2StoreBucket(bucket: R2Bucket): StoreBucket {
  return {
    async get(key) {
      const obj = await bucket.get(key);
      return obj ? new Uint8Array(await obj.arrayBuffer()) : null;
    },
    async put(key, bytes, sha256) {
      await bucket.put(key, bytes, { ...(sha256 ? { sha256, customMetadata: { sha256 } } : {}) });
    },
    async recordedSha256(key) {
      const head = await bucket.head(key);
      return head ? head.customMetadata?.sha256 : null;
    },
    async listPrefixes(prefix) {
      const out: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await bucket.list({ prefix, delimiter: '/', cursor });
        out.push(...page.delimitedPrefixes);
        cursor = page.truncated ? page.cursor : undefined;
      } while (cursor);
      return out;
    },
  };
}
