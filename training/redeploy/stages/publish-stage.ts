/**
 * Stage 7, publish: uploads the installed (gated and tested) model to the model store as a
 * new immutable version, reads every object back and checks its sha256, then flips the
 * pair's pointer: the Worker serves it from the next request, with no code deploy.
 * A failure leaves the pointer, so the deployed model keeps serving; `npm run rollback`
 * flips it back later. Local R2 (wrangler dev's, or --persist-to) by default, --remote for
 * Cloudflare R2; skipped with --skip-deploy.
 */
import fs from 'node:fs';
import { publishModel } from '../../../src/store/publish.ts';
import { openBucket, readModelFolder } from '../../../tools/model-buckets.ts';
import { hashInputs, sha256File } from '../hash-files.ts';
import { PipelineError } from '../pipeline-error.ts';
import type { RedeployContext } from '../redeploy-context.ts';
import type { StageDef } from '../run-stage.ts';
import path from 'node:path';

export interface PublishOutput extends Record<string, unknown> {
  skipped: boolean; where: string | null; pair: string | null; modelId: string | null; previous: string | null; uploaded: number;
}

export function publishStage(ctx: RedeployContext): StageDef<PublishOutput> {
  const { opts, log } = ctx;
  const manifest = path.join(opts.weightsDir, 'manifest.json');
  return {
    name: 'publish',
    title: opts.skipDeploy ? 'skipped (--skip-deploy)' : `upload the model to the ${opts.remote ? 'remote' : 'local'} model store, read it back, flip the pointer`,
    inputHash: () => hashInputs('publish', fs.existsSync(manifest) ? sha256File(manifest) : null, opts.skipDeploy, opts.remote, opts.persistTo ?? null),
    run: async () => {
      if (opts.skipDeploy) {
        log.line('publish skipped (--skip-deploy)');
        return { skipped: true, where: null, pair: null, modelId: null, previous: null, uploaded: 0 };
      }
      const { bucket, where, close } = await openBucket({ remote: opts.remote, persistTo: opts.persistTo });
      try {
        const r = await publishModel(bucket, readModelFolder(opts.weightsDir), { log: (l) => log.line(l) });
        log.line(`published ${r.pair}/${r.modelId} to ${where}: active ${r.previous ?? '(none)'} → ${r.pointer.active}${r.previous ? ` (roll back with: npm run rollback -- --pair ${r.pair}${opts.remote ? ' --remote' : ''})` : ''}`);
        return { skipped: false, where, pair: r.pair, modelId: r.modelId, previous: r.previous, uploaded: r.uploaded.length };
      } catch (e) {
        throw new PipelineError(`stage publish failed: ${(e as Error).message.split('\n')[0]}`);
      } finally {
        await close();
      }
    },
  };
}
