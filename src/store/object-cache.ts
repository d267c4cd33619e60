/**
 * Cache API in front of R2 for model objects. Versions are immutable (the key names the
 * model id), so a cached copy never goes stale: a cold isolate in a colo that already
 * served the model reads it from the colo's cache instead of R2. Only bytes that passed
 * their sha256 check are cached (the caller stores them after verifying).
 * The pointer is never cached: it is the one thing a publish or rollback changes.
 */
const CACHE_ORIGIN = 'https://model-store.edge-mt.invalid/';

const cacheUrl = (key: string) => `${CACHE_ORIGIN}${key}`;

function defaultCache(): Cache | null {
  return typeof caches !== 'undefined' && (caches as CacheStorage & { default?: Cache }).default ? (caches as CacheStorage & { default: Cache }).default : null;
}

/** The cached bytes of an object, or null. */
export async function cachedObject(key: string): Promise<Uint8Array | null> {
  const cache = defaultCache();
  if (!cache) return null;
  const hit = await cache.match(cacheUrl(key));
  return hit ? new Uint8Array(await hit.arrayBuffer()) : null;
}

/** Keeps verified bytes of an immutable object in the cache (a year; errors are ignored). */
export async function cacheObject(key: string, bytes: Uint8Array): Promise<void> {
  const cache = defaultCache();
  if (!cache) return;
  try {
    await cache.put(cacheUrl(key), new Response(bytes as Uint8Array<ArrayBuffer>, { headers: { 'Cache-Control': 'public, max-age=31536000, immutable', 'Content-Type': 'application/octet-stream' } }));
  } catch (e) {
    console.error(`model cache write failed for ${key}: ${String(e)}`);
  }
}
