/**
 * Stage 8, deploy: the Worker script, only when the code changed. The script is built
 * offline first (`wrangler deploy --dry-run --outdir <work-dir>/dist`) and its modules
 * hashed; the bundle size (raw and gzip) is printed. With --dry-run nothing more happens.
 * Otherwise, when the hash equals the one recorded at the last deploy
 * (<work-dir>/deployed-script.sha256), the script is not redeployed: the model went out
 * through the store (stage publish). Else `wrangler deploy` (or --deploy-command) runs and
 * the hash is recorded, with the Worker version id wrangler reports.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { formatBytes, measureBundle } from '../../../tools/bundle-size.ts';
import { hashInputs } from '../hash-files.ts';
import { lastLine } from '../last-line.ts';
import { PipelineError } from '../pipeline-error.ts';
import type { RedeployContext } from '../redeploy-context.ts';
import { REPO_ROOT, WRANGLER_BIN } from '../repo-tools.ts';
import { runCommand } from '../run-command.ts';
import type { StageDef } from '../run-stage.ts';

export interface DeployOutput extends Record<string, unknown> {
  skipped: boolean; dryRun: boolean; unchanged: boolean; bundleRaw: number | null; bundleGzip: number | null; wranglerReported: string | null;
  scriptSha256: string | null; versionId: string | null;
}

/** sha256 over the uploaded modules (names and bytes, in name order). */
function scriptHash(dir: string): string {
  const h = createHash('sha256');
  for (const f of fs.readdirSync(dir).filter((f) => !f.endsWith('.map') && f !== 'README.md').sort()) {
    h.update(`${f}\0`);
    h.update(fs.readFileSync(path.join(dir, f)));
  }
  return h.digest('hex');
}

export function deployStage(ctx: RedeployContext): StageDef<DeployOutput> {
  const { opts, paths, log } = ctx;
  const recordFile = path.join(opts.workDir, 'deployed-script.sha256');
  const command = opts.deployCommand ?? [WRANGLER_BIN, 'deploy'];
  return {
    name: 'deploy',
    title: opts.skipDeploy ? 'skipped (--skip-deploy)' : `build the script${opts.dryRun ? ' (dry run)' : `, ${typeof command === 'string' ? `run ${command}` : 'wrangler deploy'} if it changed`}`,
    // Never skipped on --resume: the stage itself compares the built script with the deployed one.
    inputHash: () => hashInputs('deploy', opts.skipDeploy, opts.dryRun, command, Date.now()),
    run: async () => {
      const none = { skipped: true, dryRun: opts.dryRun, unchanged: false, bundleRaw: null, bundleGzip: null, wranglerReported: null, scriptSha256: null, versionId: null };
      if (opts.skipDeploy) { log.line('deploy skipped (--skip-deploy)'); return none; }
      fs.rmSync(paths.dist, { recursive: true, force: true });
      const offline = { ...process.env, WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1', CLOUDFLARE_CF_FETCH_ENABLED: 'false' };
      const build = await runCommand(log, [WRANGLER_BIN, 'deploy', '--dry-run', '--outdir', paths.dist], { cwd: REPO_ROOT, env: offline });
      if (build.code !== 0) throw new PipelineError(`stage deploy failed: wrangler deploy --dry-run exited with ${build.code ?? build.signal} (${lastLine(build.output)})`);
      const reported = /Total Upload: ([\d.]+ \w+) \/ gzip: ([\d.]+ \w+)/.exec(build.output);
      const bundle = measureBundle(paths.dist);
      const sha = scriptHash(paths.dist);
      const out: DeployOutput = {
        skipped: false, dryRun: opts.dryRun, unchanged: false, bundleRaw: bundle.raw, bundleGzip: bundle.gzip,
        wranglerReported: reported ? `${reported[1]} / gzip ${reported[2]}` : null, scriptSha256: sha, versionId: null,
      };
      log.line(`bundle: ${bundle.files} modules, ${formatBytes(bundle.raw)} raw, ${formatBytes(bundle.gzip)} gzip${out.wranglerReported ? ` (wrangler: ${out.wranglerReported})` : ''}; script sha256 ${sha}; no model inside (models are served from the store)`);
      if (opts.dryRun) { log.line('dry run: nothing was uploaded'); return out; }
      const recorded = fs.existsSync(recordFile) ? fs.readFileSync(recordFile, 'utf8').trim() : null;
      if (recorded === sha) {
        log.line(`script unchanged since the last deploy (sha256 ${sha}): not redeployed`);
        return { ...out, unchanged: true };
      }
      const env = { ...process.env, WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1', REDEPLOY_DIST: paths.dist };
      const r = await runCommand(log, command, { cwd: REPO_ROOT, env });
      if (r.code !== 0) {
        const hint = opts.deployCommand ? '' : '; to deploy for real, log in first with `npx wrangler login` or export CLOUDFLARE_API_TOKEN (never commit it)';
        throw new PipelineError(`stage deploy failed: ${typeof command === 'string' ? command : 'wrangler deploy'} exited with ${r.code ?? r.signal} (${lastLine(r.output)})${hint}`);
      }
      fs.writeFileSync(recordFile, `${sha}\n`);
      out.versionId = /Current Version ID: (\S+)/.exec(r.output)?.[1] ?? null;
      log.line(`worker version: ${out.versionId ?? '(not reported)'}`);
      return out;
    },
  };
}
