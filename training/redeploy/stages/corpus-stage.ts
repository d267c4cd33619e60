/**
 * Stage 1, corpus. With new data (--data FILE…, and --feedback's accepted corrections), the
 * default merges it with the committed corpus, with no download (merge-corpus.ts): the
 * training corpus goes to <work-dir>/corpus, the new data's own splits to <work-dir>/new-data
 * (its test split is the gate's second test set, its train split what fine-tuning focuses on).
 * --rebuild-debian rebuilds the base corpus from Debian's catalogs with `training/corpus.ts`
 * (a download) and --no-debian builds from the new data alone. Without new data and without
 * --rebuild-debian, the config's corpus (the committed one) is used as it is.
 */
import fs from 'node:fs';
import path from 'node:path';
import { buildCorpus } from '../../corpus/build.ts';
import { InputError } from '../../corpus/input-error.ts';
import { loadSplit } from '../../corpus/load.ts';
import { encodeJsonlGz, writeFileAtomic } from '../../corpus/jsonl-gz.ts';
import { SPLIT_NAMES } from '../../corpus/split.ts';
import { hashInputs, sha256Dir, sha256File } from '../hash-files.ts';
import { mergeUserData, userSources } from '../merge-corpus.ts';
import { PipelineError } from '../pipeline-error.ts';
import type { RedeployContext } from '../redeploy-context.ts';
import { REPO_ROOT, tsxScript } from '../repo-tools.ts';
import { runCommand } from '../run-command.ts';
import type { StageDef } from '../run-stage.ts';
import { lastLine } from '../last-line.ts';

export interface CorpusOutput extends Record<string, unknown> {
  dir: string;
  built: boolean;
  sha256: Record<string, string>;
  sentences: Record<string, number>;
  /** The new data's own splits (null without new data). */
  newData: string | null;
  newDataSentences: Record<string, number> | null;
}

const splitFiles = SPLIT_NAMES.map((s) => `${s}.jsonl.gz`);

export function corpusStage(ctx: RedeployContext): StageDef<CorpusOutput> {
  const { opts, paths } = ctx;
  const hasData = opts.data.length > 0;
  const mode = opts.noDebian ? 'data-only' : opts.rebuildDebian ? 'rebuild-debian' : hasData ? 'merge' : 'reuse';
  const base = path.resolve(REPO_ROOT, ctx.cfg.data.corpus);
  const dir = mode === 'reuse' ? base : paths.corpus;
  const title = {
    reuse: `reuse the corpus ${dir}`,
    merge: `merge ${opts.data.length} new data file(s) with the committed corpus ${base} into ${dir} (no download)`,
    'rebuild-debian': `rebuild the corpus from Debian's catalogs${hasData ? ` and ${opts.data.length} new data file(s)` : ''} into ${dir}`,
    'data-only': `build a corpus from ${opts.data.length} new data file(s) only into ${dir}`,
  }[mode];
  return {
    name: 'corpus',
    title,
    inputHash: () => mode === 'reuse'
      ? hashInputs('reuse', dir, sha256Dir(dir, splitFiles))
      : hashInputs(mode, opts.data.map((f) => [path.basename(f), sha256File(f)]), dir, mode === 'merge' ? sha256Dir(base, splitFiles) : null),
    stillValid: (out) => JSON.stringify(sha256Dir(out.dir, splitFiles)) === JSON.stringify(out.sha256)
      && (out.newData === null || SPLIT_NAMES.every((s) => fs.existsSync(path.join(out.newData!, `${s}.jsonl.gz`)))),
    run: async () => {
      let newData: string | null = null;
      try {
        if (mode === 'merge') {
          fs.rmSync(dir, { recursive: true, force: true });
          const m = mergeUserData(base, opts.data, dir, paths.newData);
          newData = paths.newData;
          ctx.log.line(`new data ${Object.entries(m.files).map(([f, n]) => `${f} (${n} raw pairs)`).join(', ')}: ${SPLIT_NAMES.map((s) => `${s} ${m.newData[s]}`).join(', ')} → ${paths.newData}`);
        } else if (mode !== 'reuse') {
          fs.rmSync(dir, { recursive: true, force: true });
          const args = ['--out', dir, ...opts.data.flatMap((f) => ['--data', f]), ...(mode === 'data-only' ? ['--no-debian'] : [])];
          const r = await runCommand(ctx.log, tsxScript('training/corpus.ts', ...args), { cwd: REPO_ROOT });
          if (r.code !== 0) throw new PipelineError(`stage corpus failed: training/corpus.ts exited with ${r.code ?? r.signal} (${lastLine(r.output)})`, r.code === 2 ? 2 : 1);
          if (hasData) {
            const splits = buildCorpus(userSources(opts.data)).splits;
            fs.mkdirSync(paths.newData, { recursive: true });
            for (const s of SPLIT_NAMES) writeFileAtomic(path.join(paths.newData, `${s}.jsonl.gz`), encodeJsonlGz(splits[s]));
            newData = paths.newData;
          }
        }
      } catch (e) {
        if (e instanceof InputError) throw new PipelineError(`stage corpus failed: ${e.message}`, 2);
        throw e;
      }
      for (const f of splitFiles) if (!fs.existsSync(path.join(dir, f))) throw new PipelineError(`stage corpus failed: ${path.join(dir, f)} not found`);
      const stats = fs.existsSync(path.join(dir, 'stats.json')) ? JSON.parse(fs.readFileSync(path.join(dir, 'stats.json'), 'utf8')) : {};
      ctx.log.line(`corpus ${dir}: ${SPLIT_NAMES.map((s) => `${s} ${stats?.splits?.[s] ?? '?'}`).join(', ')}`);
      const count = (d: string) => Object.fromEntries(SPLIT_NAMES.map((s) => [s, loadSplit(d, s).length]));
      return { dir, built: mode !== 'reuse', sha256: sha256Dir(dir, splitFiles), sentences: stats?.splits ?? {}, newData, newDataSentences: newData ? count(newData) : null };
    },
  };
}
