/**
 * Stage 7, deploy: `wrangler deploy --outdir <work-dir>/dist` (with --dry-run: nothing
 * is uploaded and Cloudflare is not contacted), or --deploy-command. Then prints the
 * bundle size (raw and gzip), the model the bundle carries (id and model.bin sha256)
 * and the Worker version id wrangler reports for a real deploy.
 */
import fs from 'node:fs';
import path from 'node:path';
import { formatBytes, measureBundle } from '../../../tools/bundle-size.ts';
import { hashInputs, sha256File } from '../hash-files.ts';
import { lastLine } from '../last-line.ts';
import { PipelineError } from '../pipeline-error.ts';
import type { RedeployContext } from '../redeploy-context.ts';
import { REPO_ROOT, WRANGLER_BIN } from '../repo-tools.ts';
import { runCommand } from '../run-command.ts';
import type { StageDef } from '../run-stage.ts';

export interface DeployOutput extends Record<string, unknown> {
  skipped: boolean; dryRun: boolean; bundleRaw: number | null; bundleGzip: number | null; wranglerReported: string | null;
  modelId: string | null; modelSha256: string | null; versionId: string | null;
}

export function deployStage(ctx: RedeployContext): StageDef<DeployOutput> {
  const { opts, paths, log } = ctx;
  const bin = path.join(opts.weightsDir, 'model.bin');
  const command = opts.deployCommand ?? [WRANGLER_BIN, 'deploy', '--outdir', paths.dist, ...(opts.dryRun ? ['--dry-run'] : [])];
  return {
    name: 'deploy',
    title: opts.skipDeploy ? 'skipped (--skip-deploy)' : typeof command === 'string' ? `run ${command}` : `wrangler deploy${opts.dryRun ? ' --dry-run' : ''}`,
    inputHash: () => hashInputs('deploy', fs.existsSync(bin) ? sha256File(bin) : null, opts.skipDeploy, opts.dryRun, command),
    run: async () => {
      const none = { skipped: true, dryRun: opts.dryRun, bundleRaw: null, bundleGzip: null, wranglerReported: null, modelId: null, modelSha256: null, versionId: null };
      if (opts.skipDeploy) { log.line('deploy skipped (--skip-deploy)'); return none; }
      fs.rmSync(paths.dist, { recursive: true, force: true });
      const env = { ...process.env, WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1', REDEPLOY_DIST: paths.dist, ...(opts.dryRun ? { CLOUDFLARE_CF_FETCH_ENABLED: 'false' } : {}) };
      const r = await runCommand(log, command, { cwd: REPO_ROOT, env });
      if (r.code !== 0) {
        const hint = opts.dryRun || opts.deployCommand ? '' : '; to deploy for real, log in first with `npx wrangler login` or export CLOUDFLARE_API_TOKEN (never commit it)';
        throw new PipelineError(`stage deploy failed: ${typeof command === 'string' ? command : 'wrangler deploy'} exited with ${r.code ?? r.signal} (${lastLine(r.output)})${hint}`);
      }
      const reported = /Total Upload: ([\d.]+ \w+) \/ gzip: ([\d.]+ \w+)/.exec(r.output);
      const bundle = fs.existsSync(paths.dist) ? measureBundle(paths.dist) : null;
      const files = bundle?.manifest?.files as Record<string, { sha256?: string }> | undefined;
      const out: DeployOutput = {
        skipped: false, dryRun: opts.dryRun, bundleRaw: bundle?.raw ?? null, bundleGzip: bundle?.gzip ?? null,
        wranglerReported: reported ? `${reported[1]} / gzip ${reported[2]}` : null,
        modelId: (bundle?.manifest?.model_id as string) ?? null, modelSha256: files?.['model.bin']?.sha256 ?? null,
        versionId: /Current Version ID: (\S+)/.exec(r.output)?.[1] ?? null,
      };
      if (bundle) log.line(`bundle: ${bundle.files} modules, ${formatBytes(bundle.raw)} raw, ${formatBytes(bundle.gzip)} gzip${out.wranglerReported ? ` (wrangler: ${out.wranglerReported})` : ''}`);
      else if (out.wranglerReported) log.line(`bundle (wrangler): ${out.wranglerReported}`);
      log.line(`model in the bundle: ${out.modelId ?? '(no manifest found in the bundle)'}${out.modelSha256 ? `, model.bin sha256 ${out.modelSha256}` : ''}`);
      const deployedSha = fs.existsSync(bin) ? sha256File(bin) : null;
      if (out.modelSha256 && deployedSha && out.modelSha256 !== deployedSha) {
        log.line(`note: the bundle carries the repo's weights, not ${opts.weightsDir} (sha256 ${deployedSha}); wrangler bundles the folder src/ imports`);
      }
      log.line(opts.dryRun ? 'dry run: nothing was uploaded' : `worker version: ${out.versionId ?? '(not reported)'}`);
      return out;
    },
  };
}
