/**
 * The final summary of a redeploy run: old (deployed) vs new (candidate) model id,
 * test BLEU and chrF, model.bin size, and the decision, as a plain-text table; and the
 * before/after table of both models on every test set (base test set, new data's test split).
 */
import { formatBytes } from '../../tools/bundle-size.ts';
import type { DeployedScores, SetScores } from './stages/compare-stage.ts';
import type { DeployOutput } from './stages/deploy-stage.ts';
import type { ExportOutput } from './stages/export-stage.ts';

export interface SummaryInput { candidate?: ExportOutput; old?: DeployedScores | null; sets?: SetScores[]; beam: number; deploy?: DeployOutput; decision: string }

export function renderSummary(s: SummaryInput): string {
  const c = s.candidate;
  const o = s.old;
  const fmt = (x: number | undefined) => (x === undefined ? '-' : x.toFixed(2));
  const rows: [string, string, string][] = [
    ['', 'deployed (old)', 'candidate (new)'],
    ['model id', o?.modelId ?? (o === null ? '(none)' : '-'), c?.modelId ?? '-'],
    [`test BLEU (beam ${s.beam})`, fmt(o?.bleu), fmt(c?.bleu)],
    ['test chrF', fmt(o?.chrf), fmt(c?.chrf)],
    ['model.bin', o ? formatBytes(o.bytes) : '-', c ? formatBytes(c.bytes) : '-'],
  ];
  if (c) rows.push(['test sentences', o ? `${c.sentences} (${o.source})` : '-', String(c.sentences)]);
  // With the per-set table below, the test rows above would mix sets (the deployed row is its base-set score).
  if (s.sets?.length) rows.splice(2, 2), rows.pop();
  const out = [boxTable(rows)];
  if (s.sets?.length) out.push(renderSetTable(s.sets, s.beam));
  const d = s.deploy;
  if (d && !d.skipped) {
    out.push(`script: ${d.bundleRaw !== null ? `${formatBytes(d.bundleRaw)} raw, ${formatBytes(d.bundleGzip!)} gzip` : (d.wranglerReported ?? 'size unknown')}; ` +
      `sha256 ${d.scriptSha256 ?? '?'}${d.dryRun ? ', dry run' : d.unchanged ? ', unchanged (not redeployed)' : `, version ${d.versionId ?? '?'}`}`);
  }
  out.push(`decision: ${s.decision}`);
  return out.join('\n');
}

/** A plain-text table with a header row. */
function boxTable(rows: string[][]): string {
  const w = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r: string[]) => `│ ${r.map((cell, i) => cell.padEnd(w[i])).join(' │ ')} │`;
  const rule = (l: string, m: string, r: string) => `${l}${w.map((n) => '─'.repeat(n + 2)).join(m)}${r}`;
  return [rule('┌', '┬', '┐'), line(rows[0]), rule('├', '┼', '┤'), ...rows.slice(1).map(line), rule('└', '┴', '┘')].join('\n');
}

/** Before/after: BLEU and chrF of the deployed model and the candidate on each test set. */
export function renderSetTable(sets: readonly SetScores[], beam: number): string {
  const f = (x: number | undefined) => (x === undefined ? '-' : x.toFixed(2));
  const d = (a: number, b: number | undefined) => (b === undefined ? '-' : `${a - b >= 0 ? '+' : ''}${(a - b).toFixed(2)}`);
  const rows = [[`test set (beam ${beam})`, 'sentences', 'BLEU before', 'BLEU after', 'Δ BLEU', 'chrF before', 'chrF after', 'Δ chrF']];
  for (const s of sets) {
    rows.push([s.name, String(s.sentences), f(s.deployed?.bleu), f(s.candidate.bleu), d(s.candidate.bleu, s.deployed?.bleu), f(s.deployed?.chrf), f(s.candidate.chrf), d(s.candidate.chrf, s.deployed?.chrf)]);
  }
  return boxTable(rows);
}
