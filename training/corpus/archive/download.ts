/**
 * Downloads the planned .debs into `<cache>/debs`, several `apt-get download` batches at once.
 * Each batch runs in its own fresh folder under `debs/.partial/`, and a .deb is moved into
 * `debs/` only after apt has checked its SHA256 and the batch has finished, so a file in
 * `debs/` is always complete: an interrupted run leaves only `.partial/`, which the next run
 * discards, and a second run downloads nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { aptOptions, runAsync, warmAptCache } from './apt.ts';
import type { PlannedDeb } from './plan.ts';
import { progressBar } from './progress.ts';

export const debsDir = (cache: string) => path.join(cache, 'debs');

/** The planned .debs not yet complete in the cache (absent, or of the wrong size). */
export function missingDebs(plan: readonly PlannedDeb[], cache: string): PlannedDeb[] {
  return plan.filter((deb) => fs.statSync(path.join(debsDir(cache), deb.file), { throwIfNoEntry: false })?.size !== deb.size);
}

export interface DownloadOptions {
  /** apt-get processes at once. */
  parallel: number;
  /** Packages per apt-get call (apt pipelines the downloads of one call). */
  batch: number;
  progress: boolean;
  log: (message: string) => void;
}

export interface DownloadResult {
  downloaded: number;
  bytes: number;
  seconds: number;
  failed: string[];
}

export async function downloadDebs(plan: readonly PlannedDeb[], cache: string, options: DownloadOptions): Promise<DownloadResult> {
  const dir = debsDir(cache);
  const partial = path.join(dir, '.partial');
  fs.rmSync(partial, { recursive: true, force: true });
  fs.mkdirSync(partial, { recursive: true });
  const todo = missingDebs(plan, cache);
  const total = todo.reduce((s, d) => s + d.size, 0);
  const started = Date.now();
  if (todo.length === 0) return { downloaded: 0, bytes: 0, seconds: 0, failed: [] };
  warmAptCache(cache);
  options.log(`downloading ${todo.length} .debs (${(total / 1e9).toFixed(2)} GB) into ${dir}, ${options.parallel} apt-get at a time`);
  const batches: PlannedDeb[][] = [];
  for (let i = 0; i < todo.length; i += options.batch) batches.push(todo.slice(i, i + options.batch));
  const bar = progressBar('download', total, 'MB', options.progress);
  let doneBytes = 0;
  const active = new Set<string>();
  const inFlight = () => {
    let bytes = 0;
    for (const folder of active)
      for (const f of fs.readdirSync(folder, { withFileTypes: true })) if (f.isFile()) bytes += fs.statSync(path.join(folder, f.name), { throwIfNoEntry: false })?.size ?? 0;
    return bytes;
  };
  const timer = setInterval(() => bar.update(doneBytes + inFlight()), 1000);
  const failed: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const batch = batches[next++];
      const folder = fs.mkdtempSync(path.join(partial, 'batch-'));
      active.add(folder);
      const specs = batch.map((d) => `${d.pkg}=${d.version}`);
      const { status, stderr } = await runAsync('apt-get', ['download', '-q', ...aptOptions(cache), ...specs], folder);
      active.delete(folder);
      for (const deb of batch) {
        const got = path.join(folder, deb.file);
        if (status === 0 && fs.statSync(got, { throwIfNoEntry: false })?.size === deb.size) {
          fs.renameSync(got, path.join(dir, deb.file));
          doneBytes += deb.size;
        } else failed.push(`${deb.pkg}=${deb.version}`);
      }
      if (status !== 0) options.log(`apt-get download failed for a batch of ${batch.length}: ${stderr.trim().split('\n').pop()}`);
      fs.rmSync(folder, { recursive: true, force: true });
      bar.update(doneBytes + inFlight());
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.parallel, batches.length) }, worker));
  clearInterval(timer);
  bar.stop();
  const seconds = (Date.now() - started) / 1000;
  return { downloaded: todo.length - failed.length, bytes: doneBytes, seconds, failed };
}
