/**
 * The model store's bucket from Node, for seeding, publishing and rolling back:
 *  - local: wrangler's own local R2 (the one `wrangler dev` serves), opened through
 *    wrangler's getPlatformProxy with the repo's wrangler.toml and persisted under
 *    `<persist-to>/v3` (default .wrangler/state, as `wrangler dev` uses);
 *  - remote: Cloudflare R2 through `wrangler r2 object put/get --remote` (wrangler's usual
 *    login or CLOUDFLARE_API_TOKEN; nothing here reads a credential).
 */
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Env } from '../src/env.ts';
import { sha256Hex } from '../src/store/publish.ts';
import { r2StoreBucket, type StoreBucket } from '../src/store/store-bucket.ts';
import { QUIET_ENV, REPO_ROOT, WRANGLER_BIN } from './wrangler-process.ts';

export interface OpenBucket {
  bucket: StoreBucket;
  where: string;
  close: () => Promise<void>;
}

/** The bucket_name bound to MODELS in wrangler.toml. */
export function modelsBucketName(): string {
  const toml = fs.readFileSync(path.join(REPO_ROOT, 'wrangler.toml'), 'utf8');
  const m = /\[\[r2_buckets\]\]\s*binding\s*=\s*"MODELS"\s*bucket_name\s*=\s*"([^"]+)"/.exec(toml);
  if (!m) throw new Error('wrangler.toml binds no R2 bucket to MODELS');
  return m[1]!;
}

/** wrangler's default local state folder (what `wrangler dev` persists to). */
export const DEFAULT_PERSIST_TO = path.join(REPO_ROOT, '.wrangler', 'state');

export async function openLocalBucket(persistTo = DEFAULT_PERSIST_TO): Promise<OpenBucket> {
  const { getPlatformProxy } = await import('wrangler'); // heavy: only when a local store is opened
  const proxy = await getPlatformProxy<Env>({ configPath: path.join(REPO_ROOT, 'wrangler.toml'), persist: { path: path.join(path.resolve(persistTo), 'v3') }, remoteBindings: false });
  const rel = path.relative(REPO_ROOT, path.resolve(persistTo));
  const shown = rel && !rel.startsWith('..') ? rel : path.resolve(persistTo);
  return { bucket: r2StoreBucket(proxy.env.MODELS!), where: `local R2 (${shown})`, close: () => proxy.dispose() };
}

export function openRemoteBucket(): OpenBucket {
  const name = modelsBucketName();
  const run = promisify(execFile);
  const bucket: StoreBucket = {
    async get(key) {
      return new Promise((resolve, reject) => {
        const child = spawn(WRANGLER_BIN, ['r2', 'object', 'get', `${name}/${key}`, '--remote', '--pipe'], { cwd: REPO_ROOT, env: QUIET_ENV, stdio: ['ignore', 'pipe', 'pipe'] });
        const chunks: Buffer[] = [];
        let err = '';
        child.stdout.on('data', (d: Buffer) => chunks.push(d));
        child.stderr.on('data', (d: Buffer) => (err += d.toString()));
        child.once('error', reject);
        child.once('close', (code) => {
          if (code === 0) resolve(new Uint8Array(Buffer.concat(chunks)));
          else if (/does not exist|not found|NoSuchKey|10007/i.test(err)) resolve(null);
          else reject(new Error(`wrangler r2 object get ${name}/${key} failed: ${err.trim().split('\n').pop()}`));
        });
      });
    },
    async put(key, bytes) {
      const tmp = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'edge-mt-put-')), 'object');
      fs.writeFileSync(tmp, bytes);
      try {
        await run(WRANGLER_BIN, ['r2', 'object', 'put', `${name}/${key}`, '--remote', '--file', tmp], { cwd: REPO_ROOT, env: QUIET_ENV, maxBuffer: 1 << 20 });
      } catch (e) {
        throw new Error(`wrangler r2 object put ${name}/${key} failed: ${String((e as { stderr?: string }).stderr ?? e).trim().split('\n').pop()}`);
      } finally {
        fs.rmSync(path.dirname(tmp), { recursive: true, force: true });
      }
    },
    // wrangler's CLI shows no custom metadata: the sha256 of the bytes themselves.
    async recordedSha256(key) {
      const bytes = await bucket.get(key);
      return bytes ? sha256Hex(bytes) : null;
    },
    async listPrefixes() {
      throw new Error('listing is not available through wrangler r2 object');
    },
  };
  return { bucket, where: `remote R2 bucket ${name}`, close: async () => {} };
}

export async function openBucket(where: { remote: boolean; persistTo?: string }): Promise<OpenBucket> {
  return where.remote ? openRemoteBucket() : openLocalBucket(where.persistTo);
}

/** The files of a model folder as bytes. */
export function readModelFolder(dir: string): Record<string, Uint8Array> {
  const out: Record<string, Uint8Array> = {};
  for (const name of fs.readdirSync(dir)) if (fs.statSync(path.join(dir, name)).isFile()) out[name] = new Uint8Array(fs.readFileSync(path.join(dir, name)));
  return out;
}
