/**
 * The feedback table in D1 (migrations/0001_feedback.sql): store a correction (deduplicated on
 * normalised source + context + correction), accept one, list them for export, and count a
 * submitter's recent rows for the rate limit.
 */
import { normaliseKey } from './normalise.ts';

export interface FeedbackInput { source: string; translation: string; correction: string; model?: string; context?: string }

export interface FeedbackRow {
  id: number;
  source: string;
  context: string;
  translation: string;
  correction: string;
  model: string | null;
  accepted: boolean;
  accepted_at: string | null;
  created_at: string;
}

const COLUMNS = 'id, source, context, translation, correction, model, accepted, accepted_at, created_at';
type RawRow = Omit<FeedbackRow, 'accepted'> & { accepted: number };
const toRow = (r: RawRow): FeedbackRow => ({ ...r, accepted: r.accepted === 1 });

/** Stores a correction; an identical one (same normalised source, context and correction) is not stored twice. */
export async function insertFeedback(db: D1Database, f: FeedbackInput, submitter: string, now: Date): Promise<{ row: FeedbackRow; duplicate: boolean }> {
  const sourceKey = normaliseKey(f.source);
  const context = normaliseKey(f.context ?? '');
  const inserted = await db
    .prepare(`INSERT INTO feedback (source, source_key, context, translation, correction, model, created_at, submitter)
      VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (source_key, context, correction) DO NOTHING RETURNING ${COLUMNS}`)
    .bind(f.source, sourceKey, context, f.translation, f.correction, f.model ?? null, now.toISOString(), submitter)
    .first<RawRow>();
  if (inserted) return { row: toRow(inserted), duplicate: false };
  const existing = await db
    .prepare(`SELECT ${COLUMNS} FROM feedback WHERE source_key = ?1 AND context = ?2 AND correction = ?3`)
    .bind(sourceKey, context, f.correction)
    .first<RawRow>();
  if (!existing) throw new Error('feedback insert conflicted but the existing row was not found');
  return { row: toRow(existing), duplicate: true };
}

/** Marks a correction accepted; null when there is no such id. */
export async function acceptFeedback(db: D1Database, id: number, now: Date): Promise<FeedbackRow | null> {
  const row = await db
    .prepare(`UPDATE feedback SET accepted = 1, accepted_at = COALESCE(accepted_at, ?2) WHERE id = ?1 RETURNING ${COLUMNS}`)
    .bind(id, now.toISOString())
    .first<RawRow>();
  return row ? toRow(row) : null;
}

/** Rows created at or after `since` (ISO time), oldest first; optionally accepted ones only. */
export async function listFeedback(db: D1Database, since: string, acceptedOnly: boolean, limit: number): Promise<FeedbackRow[]> {
  const { results } = await db
    .prepare(`SELECT ${COLUMNS} FROM feedback WHERE created_at >= ?1 ${acceptedOnly ? 'AND accepted = 1' : ''} ORDER BY created_at, id LIMIT ?2`)
    .bind(since, limit)
    .all<RawRow>();
  return results.map(toRow);
}

/** Rows a submitter stored since `since` (the rate limit's window). */
export async function countRecent(db: D1Database, submitter: string, since: Date): Promise<number> {
  const r = await db.prepare('SELECT COUNT(*) AS n FROM feedback WHERE submitter = ?1 AND created_at >= ?2').bind(submitter, since.toISOString()).first<{ n: number }>();
  return r?.n ?? 0;
}
