/**
 * The download plan of the archive corpus: every package of `main` that ships a Spanish
 * gettext catalogue (`…/locale/es/LC_MESSAGES/*.mo`, found in the cached Contents indices,
 * the same files `apt-file search` reads), with the .deb apt would fetch for it (file name,
 * size, SHA256, from `apt-get download --print-uris`). Saved once as `<cache>/plan.json`
 * and reused, so a rebuild from the cache sees exactly the same packages and versions.
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { aptOptions, indexFiles, run, warmAptCache } from './apt.ts';
import { writeFileAtomic } from '../jsonl-gz.ts';

export interface PlannedDeb {
  pkg: string;
  version: string;
  /** File name in `<cache>/debs` (as apt-get download names it). */
  file: string;
  size: number;
  sha256: string;
  url: string;
}

export const planFile = (cache: string) => path.join(cache, 'plan.json');

/** A Contents line is `path<spaces>section/pkg[,section/pkg…]`; this matches the Spanish catalogues. */
const SPANISH_MO = /\/es\/LC_MESSAGES\/[^\s]*\.mo\s+(\S+)$/;

/** Package names with a Spanish catalogue in the cached Contents indices of main, sorted. */
export function packagesWithSpanishCatalogues(cache: string): string[] {
  const files = [...indexFiles(cache, '_main_Contents-amd64'), ...indexFiles(cache, '_main_Contents-all')];
  if (files.length === 0) throw new Error(`no Contents index in ${cache}/lists (apt-file update, or delete ${cache}/lists to refetch)`);
  const packages = new Set<string>();
  for (const file of files) {
    // Contents indices are hundreds of MB uncompressed: filter them with grep, not in JS strings.
    const result = spawnSync('sh', ['-c', `/usr/lib/apt/apt-helper cat-file "$1" | grep -E '/es/LC_MESSAGES/.*\\.mo[[:space:]]'`, 'sh', file], {
      encoding: 'utf8',
      maxBuffer: 1 << 28,
    });
    if (result.status !== 0 && result.status !== 1) throw new Error(`reading ${file} failed: ${result.stderr.trim()}`);
    for (const line of result.stdout.split('\n')) {
      const match = SPANISH_MO.exec(line);
      if (match) for (const entry of match[1].split(',')) packages.add(entry.slice(entry.lastIndexOf('/') + 1));
    }
  }
  return [...packages].sort();
}

/** Parses `apt-get download --print-uris` lines: `'url' file size SHA256:hex`. */
export function parsePrintUris(text: string): PlannedDeb[] {
  const debs: PlannedDeb[] = [];
  for (const line of text.split('\n')) {
    const match = /^'([^']+)' (\S+) (\d+) SHA256:([0-9a-f]{64})$/.exec(line.trim());
    if (!match) continue;
    const [, url, file, size, sha256] = match;
    const [pkg, encodedVersion] = file.replace(/\.deb$/, '').split('_');
    debs.push({ pkg, version: decodeURIComponent(encodedVersion), file, size: Number(size), sha256, url });
  }
  return debs.sort((a, b) => (a.pkg < b.pkg ? -1 : a.pkg > b.pkg ? 1 : 0));
}

/** The plan saved in the cache, or a new one made from the cached indices (and then saved). */
export function loadOrMakePlan(cache: string, log: (message: string) => void): PlannedDeb[] {
  const file = planFile(cache);
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as PlannedDeb[];
  const packages = packagesWithSpanishCatalogues(cache);
  log(`${packages.length} packages of main ship a Spanish catalogue`);
  warmAptCache(cache);
  const plan = parsePrintUris(run('apt-get', ['download', '--print-uris', '-q', ...aptOptions(cache), ...packages]));
  const missing = packages.filter((p) => !plan.some((d) => d.pkg === p));
  if (missing.length > 0) log(`apt has no candidate for ${missing.length} of them: ${missing.slice(0, 10).join(', ')}`);
  fs.mkdirSync(cache, { recursive: true });
  writeFileAtomic(file, JSON.stringify(plan, null, 1) + '\n');
  return plan;
}
