/**
 * `tsx tools/seed-models.ts [--persist-to DIR] [--weights DIR]`: seeds the local model
 * store (wrangler's local R2, what `wrangler dev` serves) from every model folder
 * weights/<pair>/, so that `npm run dev` serves with no account and no extra step.
 * Idempotent: objects already present with the same sha256 are skipped, and a pair that
 * already has an active version keeps it (a local publish or rollback is not undone);
 * the folder's version is still listed, so it can be pinned or rolled back to.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { publishModel } from '../src/store/publish.ts';
import { runCli } from './cli.ts';
import { DEFAULT_PERSIST_TO, openLocalBucket, readModelFolder } from './model-buckets.ts';
import { REPO_ROOT } from './wrangler-process.ts';

const HELP = `Usage: tsx tools/seed-models.ts [--persist-to DIR] [--weights DIR]
Seeds the local R2 model store from every DIR/<pair>/ model folder (default weights/).
  --persist-to DIR   wrangler's local state folder (default .wrangler/state, as wrangler dev)
  --weights DIR      folder of model folders (default weights)`;

/** Seeds every model folder of `weightsDir` into the local store at `persistTo`; returns one line per pair. */
export async function seedLocalStore(weightsDir = path.join(REPO_ROOT, 'weights'), persistTo = DEFAULT_PERSIST_TO): Promise<string[]> {
  const folders = fs.readdirSync(weightsDir).filter((d) => fs.existsSync(path.join(weightsDir, d, 'manifest.json'))).sort();
  if (folders.length === 0) throw new Error(`no model folder (with a manifest.json) found in ${weightsDir}`);
  const { bucket, close } = await openLocalBucket(persistTo);
  const lines: string[] = [];
  try {
    for (const dir of folders) {
      const r = await publishModel(bucket, readModelFolder(path.join(weightsDir, dir)), { activate: false });
      lines.push(`${r.pair}: ${r.modelId} ${r.uploaded.length ? `uploaded (${r.uploaded.join(', ')})` : 'already in the store'}; active ${r.pointer.active}`);
    }
  } finally {
    await close();
  }
  return lines;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  runCli(HELP, async () => {
    const { values } = parseArgs({ options: { 'persist-to': { type: 'string' }, weights: { type: 'string' } } });
    const t0 = performance.now();
    const lines = await seedLocalStore(values.weights ? path.resolve(values.weights) : undefined, values['persist-to'] ? path.resolve(values['persist-to']) : undefined);
    for (const l of lines) console.log(`model store: ${l}`);
    console.log(`model store: local R2 seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  });
}
