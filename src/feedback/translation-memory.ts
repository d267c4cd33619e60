/**
 * Translation memory: an accepted human correction wins over machine translation. One D1
 * query looks up every text of a request by exact match on its normalised source and the
 * request's context, among accepted corrections only (anonymous input never changes what
 * others get); the most recently accepted correction of a key wins.
 */
import { normaliseKey } from './normalise.ts';

/** Accepted correction for each text (undefined where the memory has none). */
export async function lookupMemory(db: D1Database, texts: readonly string[], context: string | undefined): Promise<(string | undefined)[]> {
  const keys = texts.map(normaliseKey);
  const unique = [...new Set(keys)];
  const placeholders = unique.map((_, i) => `?${i + 2}`).join(', ');
  const { results } = await db
    .prepare(`SELECT source_key, correction FROM feedback WHERE accepted = 1 AND context = ?1 AND source_key IN (${placeholders})
      ORDER BY accepted_at, id`)
    .bind(normaliseKey(context ?? ''), ...unique)
    .all<{ source_key: string; correction: string }>();
  const found = new Map<string, string>();
  for (const r of results) found.set(r.source_key, r.correction); // later (more recently accepted) rows overwrite
  return keys.map((k) => found.get(k));
}
