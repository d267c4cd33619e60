/**
 * Stage 1, corpus: with --data, builds a corpus merging the user's files (and, unless
 * --no-debian, the Debian sources) into <work-dir>/corpus with `training/corpus.ts`;
 * without --data, reuses the config's corpus (the committed one) as it is.
 */
import fs from 'node:fs';
import path from 'node:path';
import { SPLIT_NAMES } from '../../corpus/split.ts';
import { hashInputs, sha256Dir, sha256File } from '../hash-files.ts';
import { PipelineError } from '../pipeline-error.ts';
import type { RedeployContext } from '../redeploy-context.ts';
import { REPO_ROOT, tsxScript } from '../repo-tools.ts';
import { runCommand } from '../run-command.ts';
import type { StageDef } from '../run-stage.ts';
import { lastLine } from '../last-line.ts';

export interface CorpusOutput extends Record<string, unknown> { dir: string; built: boolean; sha256: Record<string, string>; sentences: Record<string, number> }

const splitFiles = SPLIT_NAMES.map((s) => `${s}.jsonl.gz`);

export function corpusStage(ctx: RedeployContext): StageDef<CorpusOutput> {
  const { opts } = ctx;
  const built = opts.data.length > 0;
  const dir = built ? ctx.paths.corpus : path.resolve(REPO_ROOT, ctx.cfg.data.corpus);
  return {
    name: 'corpus',
    title: built ? `build a corpus with ${opts.data.length} --data file(s) into ${dir}` : `reuse the corpus ${dir}`,
    inputHash: () => built
      ? hashInputs('build', opts.data.map((f) => [path.basename(f), sha256File(f)]), opts.noDebian, dir)
      : hashInputs('reuse', dir, sha256Dir(dir, splitFiles)),
    stillValid: (out) => JSON.stringify(sha256Dir(out.dir, splitFiles)) === JSON.stringify(out.sha256),
    run: async () => {
      if (built) {
        fs.rmSync(dir, { recursive: true, force: true });
        const args = ['--out', dir, ...opts.data.flatMap((f) => ['--data', f]), ...(opts.noDebian ? ['--no-debian'] : [])];
        const r = await runCommand(ctx.log, tsxScript('training/corpus.ts', ...args), { cwd: REPO_ROOT });
        if (r.code !== 0) throw new PipelineError(`stage corpus failed: training/corpus.ts exited with ${r.code ?? r.signal} (${lastLine(r.output)})`);
      }
      for (const f of splitFiles) if (!fs.existsSync(path.join(dir, f))) throw new PipelineError(`stage corpus failed: ${path.join(dir, f)} not found`);
      const stats = fs.existsSync(path.join(dir, 'stats.json')) ? JSON.parse(fs.readFileSync(path.join(dir, 'stats.json'), 'utf8')) : {};
      ctx.log.line(`corpus ${dir}: ${SPLIT_NAMES.map((s) => `${s} ${stats?.splits?.[s] ?? '?'}`).join(', ')}`);
      return { dir, built, sha256: sha256Dir(dir, splitFiles), sentences: stats?.splits ?? {} };
    },
  };
}
