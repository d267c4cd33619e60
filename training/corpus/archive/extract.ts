/**
 * Extracts from each cached .deb only what the corpus needs: its Spanish catalogues
 * (`es/LC_MESSAGES/*.mo` under any folder), the `copyright` file of each `usr/share/doc/<pkg>` folder, and the entries of
 * `usr/share/doc/` themselves (so a doc folder that is a symlink to another package's shows as
 * one). `dpkg-deb --fsys-tarfile X.deb | tar -x …` into a temp folder renamed when complete,
 * so `<cache>/extract/<deb name>/` is either whole or absent, and a second run extracts nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { runAsync } from './apt.ts';
import { debsDir } from './download.ts';
import type { PlannedDeb } from './plan.ts';
import { progressBar } from './progress.ts';

export const extractDir = (cache: string) => path.join(cache, 'extract');
export const extractedRoot = (cache: string, deb: PlannedDeb) => path.join(extractDir(cache), deb.file.replace(/\.deb$/, ''));

const TAR_PATTERNS = [
  '--wildcards',
  '*/es/LC_MESSAGES/*.mo',
  './usr/share/doc/*/copyright',
  '--no-recursion',
  '--no-wildcards-match-slash',
  './usr/share/doc/*',
];

/** tar exits 2 when a pattern matches nothing (no copyright file, say): that alone is not a failure. */
function onlyNotFound(stderr: string): boolean {
  return stderr
    .split('\n')
    .filter((line) => line.trim() !== '')
    .every((line) => /Not found in archive|Exiting with failure status due to previous errors/.test(line));
}

/** Extracts one .deb (atomic: temp folder, then rename). Throws with tar's message on failure. */
export async function extractDeb(debFile: string, root: string): Promise<void> {
  if (fs.existsSync(root)) return;
  const tmp = `${root}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp, { recursive: true });
  const script = 'set -o pipefail 2>/dev/null; dpkg-deb --fsys-tarfile "$1" | tar -x -C "$2" "${@:3}"';
  const { status, stderr } = await runAsync('bash', ['-c', script, 'extract', debFile, tmp, ...TAR_PATTERNS]);
  if (status !== 0 && !(status === 2 && onlyNotFound(stderr))) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw new Error(`extracting ${path.basename(debFile)} failed: ${stderr.trim().split('\n').pop()}`);
  }
  fs.renameSync(tmp, root);
}

export interface ExtractOptions {
  parallel: number;
  progress: boolean;
  log: (message: string) => void;
}

/** Extracts every cached .deb of the plan not yet extracted; returns the packages that failed. */
export async function extractAll(plan: readonly PlannedDeb[], cache: string, options: ExtractOptions): Promise<{ extracted: number; seconds: number; failed: string[] }> {
  fs.mkdirSync(extractDir(cache), { recursive: true });
  for (const stale of fs.readdirSync(extractDir(cache)).filter((f) => f.includes('.tmp-')))
    fs.rmSync(path.join(extractDir(cache), stale), { recursive: true, force: true });
  const todo = plan.filter((deb) => fs.existsSync(path.join(debsDir(cache), deb.file)) && !fs.existsSync(extractedRoot(cache, deb)));
  const started = Date.now();
  if (todo.length === 0) return { extracted: 0, seconds: 0, failed: [] };
  options.log(`extracting ${todo.length} .debs into ${extractDir(cache)}`);
  const bar = progressBar('extract', todo.length, 'packages', options.progress);
  const failed: string[] = [];
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < todo.length) {
      const deb = todo[next++];
      try {
        await extractDeb(path.join(debsDir(cache), deb.file), extractedRoot(cache, deb));
      } catch (error) {
        failed.push(deb.pkg);
        options.log((error as Error).message);
      }
      bar.update(++done);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.parallel, todo.length) }, worker));
  bar.stop();
  return { extracted: todo.length - failed.length, seconds: (Date.now() - started) / 1000, failed };
}
