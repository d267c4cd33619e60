/**
 * `npm run redeploy -- --feedback local|remote`: pulls the accepted corrections of the
 * feedback D1 database (wrangler.toml's FEEDBACK_DB, edge-mt-feedback) with
 * `wrangler d1 execute --json`, locally (the state `npm run dev` uses) or remotely, and writes
 * them as a two-column TSV (en, es) that the corpus stage merges like a --data file. Tabs and
 * line breaks inside a text become spaces (the TSV has one pair per line). The translation
 * memory keeps serving the same corrections exactly, before and after the retrained model.
 */
import { writeFileAtomic } from '../../tools/atomic-write.ts';
import { lastLine } from './last-line.ts';
import { PipelineError } from './pipeline-error.ts';
import type { RedeployLog } from './redeploy-log.ts';
import { REPO_ROOT, WRANGLER_BIN } from './repo-tools.ts';
import { runCommand } from './run-command.ts';

export const FEEDBACK_DATABASE = 'edge-mt-feedback';
export const ACCEPTED_QUERY = 'SELECT source, correction FROM feedback WHERE accepted = 1 ORDER BY accepted_at, id';

/** wrangler's --json output (one result set per statement) → TSV text and the row count. */
export function feedbackTsv(wranglerJson: string): { tsv: string; rows: number } {
  let parsed: unknown;
  try { parsed = JSON.parse(wranglerJson); } catch { throw new Error('wrangler d1 execute did not print JSON'); }
  const sets = Array.isArray(parsed) ? parsed : [parsed];
  const rows = sets.flatMap((s) => ((s as { results?: unknown[] })?.results ?? [])) as { source?: unknown; correction?: unknown }[];
  const flat = (v: unknown) => String(v ?? '').replace(/[\t\r\n]+/g, ' ');
  const lines = rows.filter((r) => typeof r.source === 'string' && typeof r.correction === 'string').map((r) => `${flat(r.source)}\t${flat(r.correction)}`);
  return { tsv: ['en\tes', ...lines].join('\n') + '\n', rows: lines.length };
}

/** Runs the query and writes `file`; returns the number of accepted corrections. */
export async function pullFeedback(log: RedeployLog, where: 'local' | 'remote', file: string): Promise<number> {
  const cmd = [WRANGLER_BIN, 'd1', 'execute', FEEDBACK_DATABASE, `--${where}`, '--json', '--command', ACCEPTED_QUERY];
  const env = { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false' };
  const r = await runCommand(log, cmd, { cwd: REPO_ROOT, env, capture: true });
  if (r.code !== 0) {
    throw new PipelineError(`--feedback ${where}: wrangler d1 execute failed (${lastLine(r.output)})${where === 'local' ? '; run `npm run predev` (or npm run dev) once to create the local database' : '; log in with `npx wrangler login` or CLOUDFLARE_API_TOKEN'}`);
  }
  const { tsv, rows } = feedbackTsv(r.stdout);
  writeFileAtomic(file, tsv);
  log.line(`--feedback ${where}: ${rows} accepted correction(s) from ${FEEDBACK_DATABASE} → ${file}`);
  return rows;
}
