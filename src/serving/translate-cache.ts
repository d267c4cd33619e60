/**
 * Server-side cache of POST /translate answers in the Workers Cache API.
 *
 * Key: SHA-256 of the canonical JSON of the normalised request (texts as arrays,
 * defaults filled, keys sorted) plus the model id, mapped to a synthetic GET URL.
 * Note: on Cloudflare the Cache API is a no-op on *.workers.dev; it needs a custom
 * domain. In wrangler dev and in tests it is a local store.
 */
import { toHex } from '../model/storage/manifest.ts';

const CACHE_PATH = '/__cache/translate/';

/** workerd's `caches.default` (the DOM lib typing of `caches` lacks it). */
const defaultCache = (): Cache => (caches as unknown as { default: Cache }).default;

/** JSON with object keys sorted at every level (undefined members dropped). */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v ?? null)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The cache key (a GET Request on this deployment's origin) of a normalised request. */
export async function translateCacheKey(requestUrl: string, modelId: string, normalised: unknown): Promise<Request> {
  const bytes = new TextEncoder().encode(canonicalJson({ model: modelId, request: normalised }));
  const hash = toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)));
  return new Request(new URL(CACHE_PATH + hash, requestUrl).toString(), { method: 'GET' });
}

/** The cached JSON body for `key`, or undefined. */
export async function readCachedTranslation(key: Request): Promise<unknown | undefined> {
  const hit = await defaultCache().match(key);
  return hit ? hit.json() : undefined;
}

/** Stores `body` under `key` for ttlSeconds. */
export async function storeTranslation(key: Request, body: unknown, ttlSeconds: number): Promise<void> {
  const response = new Response(JSON.stringify(body), {
    headers: { 'Content-Type': 'application/json', 'Cache-Control': `public, max-age=${ttlSeconds}` },
  });
  await defaultCache().put(key, response);
}
