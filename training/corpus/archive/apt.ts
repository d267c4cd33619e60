/**
 * apt, pointed at the archive cache: every apt call reads the package indices kept in
 * `<cache>/lists` (fetched once with `Acquire::Languages` en and es, so the DDTP
 * Translation-es indices come too), never the system's, so a rebuild sees the same archive.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const listsDir = (cache: string) => path.join(cache, 'lists');

/**
 * The options that make apt use the cache's indices, and keep the binary package cache it
 * builds from them in `<cache>/apt/` (building it takes apt seconds of CPU: once, not per call).
 */
export function aptOptions(cache: string): string[] {
  const apt = path.resolve(cache, 'apt');
  return [
    '-o', `Dir::State::Lists=${path.resolve(listsDir(cache))}`,
    '-o', `Dir::Cache::pkgcache=${apt}/pkgcache.bin`,
    '-o', `Dir::Cache::srcpkgcache=${apt}/srcpkgcache.bin`,
    '-o', 'Acquire::Languages=en,es',
  ];
}

/** Builds apt's package cache for the cached indices once, before parallel apt-get calls share it. */
export function warmAptCache(cache: string): void {
  fs.mkdirSync(path.join(cache, 'apt'), { recursive: true });
  run('apt-cache', [...aptOptions(cache), 'policy']);
}

export function run(command: string, args: string[], cwd?: string): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (result.status !== 0) {
    const detail = (result.stderr || result.error?.message || '').trim().split('\n').pop();
    throw new Error(`${command} ${args.slice(0, 6).join(' ')}${args.length > 6 ? ' …' : ''} failed: ${detail}`);
  }
  return result.stdout;
}

/** Runs a command asynchronously; resolves with its exit status and stderr. */
export function runAsync(command: string, args: string[], cwd?: string): Promise<{ status: number; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', (error) => resolve({ status: -1, stderr: error.message }));
    child.on('close', (status) => resolve({ status: status ?? -1, stderr }));
  });
}

/** Index files of the cache whose name ends with `suffix` (e.g. `_i18n_Translation-es`), compressed or not, sorted. */
export function indexFiles(cache: string, suffix: string): string[] {
  const dir = listsDir(cache);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.replace(/\.(lz4|gz|xz|zst)$/, '').endsWith(suffix))
    .sort()
    .map((f) => path.join(dir, f));
}

/** The text of an index file, decompressed by apt's own helper (lz4, gz, xz, zstd). */
export function readIndex(file: string): string {
  return run('/usr/lib/apt/apt-helper', ['cat-file', file]);
}

/**
 * Fetches the indices into `<cache>/lists` with `apt-get update` (Packages, Translation-en and
 * Translation-es, Contents), unless they are there already. Needs root, like apt-get update.
 */
export function ensureLists(cache: string, log: (message: string) => void): void {
  if (indexFiles(cache, '_main_i18n_Translation-es').length > 0 && indexFiles(cache, '_main_binary-amd64_Packages').length > 0) return;
  fs.mkdirSync(path.join(listsDir(cache), 'partial'), { recursive: true });
  fs.mkdirSync(path.join(cache, 'apt'), { recursive: true });
  log(`fetching the package indices (with Translation-es) into ${listsDir(cache)}`);
  run('apt-get', ['update', '-q', ...aptOptions(cache)]);
  if (indexFiles(cache, '_main_i18n_Translation-es').length === 0)
    throw new Error('apt-get update brought no Translation-es index (is Acquire::Languages honoured?)');
}
