/**
 * The fetch stage of the archive corpus: package indices, plan, downloads and extraction,
 * all into the cache; each step skips what the cache already holds.
 */
import { ensureLists } from './apt.ts';
import { downloadDebs, missingDebs } from './download.ts';
import { extractAll } from './extract.ts';
import { loadOrMakePlan, type PlannedDeb } from './plan.ts';

export interface FetchOptions {
  parallel: number;
  progress: boolean;
  /** Download what is missing (false: build from what is cached). */
  download: boolean;
  log: (message: string) => void;
}

export interface FetchReport {
  plan: PlannedDeb[];
  /** Planned .debs still missing from the cache after this stage. */
  missing: PlannedDeb[];
}

export async function fetchArchive(cache: string, options: FetchOptions): Promise<FetchReport> {
  ensureLists(cache, options.log);
  const plan = loadOrMakePlan(cache, options.log);
  if (options.download) {
    const got = await downloadDebs(plan, cache, { parallel: options.parallel, batch: 40, progress: options.progress, log: options.log });
    if (got.downloaded > 0)
      options.log(`downloaded ${got.downloaded} .debs, ${(got.bytes / 1e6).toFixed(0)} MB in ${got.seconds.toFixed(0)} s (${(got.bytes / 1e6 / Math.max(got.seconds, 0.001)).toFixed(1)} MB/s)`);
    if (got.failed.length > 0) options.log(`${got.failed.length} downloads failed: ${got.failed.slice(0, 10).join(', ')}${got.failed.length > 10 ? ', …' : ''}`);
  }
  const extracted = await extractAll(plan, cache, { parallel: options.parallel, progress: options.progress, log: options.log });
  if (extracted.extracted > 0) options.log(`extracted ${extracted.extracted} .debs in ${extracted.seconds.toFixed(0)} s`);
  if (extracted.failed.length > 0) throw new Error(`extraction failed for ${extracted.failed.join(', ')}`);
  return { plan, missing: missingDebs(plan, cache) };
}
