/**
 * Node-side helpers for end-to-end tests: a free local port, `wrangler dev`
 * started quietly and offline (no metrics, no Cloudflare fetches) in its own
 * process group, readiness polling, and a clean stop of exactly that group.
 * Each server gets its own local state folder (R2, cache), a fresh temp folder whose
 * model store is seeded from weights/ unless told otherwise.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));
export const WRANGLER_BIN = `${REPO_ROOT}node_modules/.bin/wrangler`;

/** Environment for wrangler runs: quiet and offline. */
export const QUIET_ENV = { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1' };

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Where a dev server keeps its local state, and what seeds its model store. */
export interface StateOptions {
  /** wrangler's --persist-to; default: a fresh temp folder, removed on stop. */
  persistTo?: string;
  /** Model folders to seed the store from (default the repo's weights/); false: no seeding. */
  seedFrom?: string | false;
}

/** Applies the D1 migrations (migrations/, wrangler.toml's FEEDBACK_DB) to a local state folder. */
export async function applyLocalMigrations(persistTo: string): Promise<void> {
  try {
    await promisify(execFile)(WRANGLER_BIN, ['d1', 'migrations', 'apply', 'edge-mt-feedback', '--local', '--persist-to', persistTo], { cwd: REPO_ROOT, env: QUIET_ENV });
  } catch (e) {
    const err = e as { stderr?: string; stdout?: string; message: string };
    throw new Error(`wrangler d1 migrations apply failed: ${(err.stderr || err.stdout || err.message).trim().split('\n').pop()}`);
  }
}

/** Prepares the state folder of a dev server (seeded model store, migrated D1); returns it and its cleanup. */
export async function prepareState(options: StateOptions): Promise<{ persistTo: string; cleanup: () => void }> {
  const temp = options.persistTo === undefined;
  const persistTo = options.persistTo ?? fs.mkdtempSync(path.join(os.tmpdir(), 'edge-mt-state-'));
  if (options.seedFrom !== false) {
    const { seedLocalStore } = await import('./seed-models.ts');
    await seedLocalStore(options.seedFrom ?? path.join(REPO_ROOT, 'weights'), persistTo);
  }
  await applyLocalMigrations(persistTo);
  return { persistTo, cleanup: () => { if (temp) fs.rmSync(persistTo, { recursive: true, force: true }); } };
}

export interface DevServer {
  url: string;
  /** The server's local state folder (its R2 model store is under v3/r2). */
  persistTo: string;
  output: () => string;
  stop: () => Promise<void>;
}

/**
 * Starts `wrangler dev` (wrangler.toml of the repo; `script` overrides its `main`) on a
 * free port with extra `--var`s, and waits for GET /health to answer.
 */
export async function startDevServer(vars: Record<string, string>, options: { script?: string; timeoutMs?: number } & StateOptions = {}): Promise<DevServer> {
  const timeoutMs = options.timeoutMs ?? 90_000;
  const state = await prepareState(options);
  const port = await freePort();
  const args = ['dev', ...(options.script ? [options.script] : []), '--ip', '127.0.0.1', '--port', String(port), '--persist-to', state.persistTo];
  args.push('--show-interactive-dev-session=false', '--log-level', 'warn');
  for (const [k, v] of Object.entries(vars)) args.push('--var', `${k}:${v}`);
  const child: ChildProcess = spawn(WRANGLER_BIN, args, { cwd: REPO_ROOT, env: QUIET_ENV, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async () => {
    if (child.exitCode === null && child.pid !== undefined) {
      try {
        process.kill(-child.pid, 'SIGTERM'); // the whole group wrangler started (workerd included)
      } catch {
        /* already gone */
      }
      const timer = setTimeout(() => child.pid !== undefined && process.kill(-child.pid, 'SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    state.cleanup();
  };

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited early (${child.exitCode}):\n${log}`);
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) return { url, persistTo: state.persistTo, output: () => log, stop };
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`wrangler dev did not become ready within ${timeoutMs} ms:\n${log}`);
}
