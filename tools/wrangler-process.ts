/**
 * Node-side helpers for end-to-end tests: a free local port, `wrangler dev`
 * started quietly and offline (no metrics, no Cloudflare fetches) in its own
 * process group, readiness polling, and a clean stop of exactly that group.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

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

export interface DevServer {
  url: string;
  output: () => string;
  stop: () => Promise<void>;
}

/**
 * Starts `wrangler dev` (wrangler.toml of the repo; `script` overrides its `main`) on a
 * free port with extra `--var`s, and waits for GET /health to answer.
 */
export async function startDevServer(vars: Record<string, string>, options: { script?: string; timeoutMs?: number } = {}): Promise<DevServer> {
  const timeoutMs = options.timeoutMs ?? 90_000;
  const port = await freePort();
  const args = ['dev', ...(options.script ? [options.script] : []), '--ip', '127.0.0.1', '--port', String(port)];
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
  };

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited early (${child.exitCode}):\n${log}`);
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) return { url, output: () => log, stop };
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`wrangler dev did not become ready within ${timeoutMs} ms:\n${log}`);
}
