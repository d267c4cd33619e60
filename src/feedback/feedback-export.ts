/**
 * Export formats of GET /feedback: TSV (a header line, then one row per correction, with
 * tab, newline, carriage return and backslash escaped as \t \n \r \\) and gettext PO
 * (msgctxt = context, msgid = source, msgstr = correction; id, model, acceptance and the
 * machine translation in comments). `npm run corpus -- --data` and gettext tools read the PO.
 */
import type { FeedbackRow } from './feedback-store.ts';

export const TSV_COLUMNS = ['id', 'created_at', 'accepted', 'accepted_at', 'model', 'context', 'source', 'translation', 'correction'] as const;

const tsvCell = (v: string) => v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');

export function toTsv(rows: readonly FeedbackRow[]): string {
  const line = (r: FeedbackRow) => [String(r.id), r.created_at, r.accepted ? '1' : '0', r.accepted_at ?? '', r.model ?? '', r.context, r.source, r.translation, r.correction].map(tsvCell).join('\t');
  return [TSV_COLUMNS.join('\t'), ...rows.map(line)].join('\n') + '\n';
}

/** Reverses tsvCell (used by tests and the redeploy pull). */
export function parseTsvCell(v: string): string {
  return v.replace(/\\(.)/g, (_, c: string) => (c === 't' ? '\t' : c === 'n' ? '\n' : c === 'r' ? '\r' : c));
}

const poString = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')}"`;
const comment = (s: string) => s.replace(/[\r\n]+/g, ' ');

export function toPo(rows: readonly FeedbackRow[]): string {
  const header = ['msgid ""', 'msgstr ""', poString('Content-Type: text/plain; charset=UTF-8\n'), poString('Language: es\n'), poString('X-Generator: edge-mt feedback export\n')].join('\n');
  // PO allows one entry per (msgctxt, msgid): a later correction of the same source comes as a comment-only alternative.
  const seen = new Set<string>();
  const entries = rows.map((r) => {
    const key = `${r.context}\u0004${r.source}`;
    const meta = [`#. id ${r.id}, created ${r.created_at}${r.accepted ? `, accepted ${r.accepted_at}` : ', not accepted'}${r.model ? `, model ${comment(r.model)}` : ''}`, `#. machine translation: ${comment(r.translation)}`];
    if (seen.has(key)) return [...meta, `#. alternative correction of an earlier entry: ${comment(r.correction)}`].join('\n');
    seen.add(key);
    return [...meta, ...(r.context ? [`msgctxt ${poString(r.context)}`] : []), `msgid ${poString(r.source)}`, `msgstr ${poString(r.correction)}`].join('\n');
  });
  return [header, ...entries].join('\n\n') + '\n';
}
