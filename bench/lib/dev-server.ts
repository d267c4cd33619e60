/**
 * `wrangler dev` for benchmarks: started quietly and offline on a free port in its own
 * process group (like tools/wrangler-process.ts), with the spawn and ready times, and
 * the resident memory (RSS) and CPU time of the workerd processes of exactly that group
 * (CPU time, unlike latency, barely depends on what else the machine is doing).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { freePort, QUIET_ENV, REPO_ROOT, WRANGLER_BIN } from '../../tools/wrangler-process.ts';

export interface BenchServer {
  url: string;
  /** performance.now() when wrangler was spawned and when GET /health first answered 200. */
  spawnedAt: number;
  readyAt: number;
  /** Summed VmRSS (bytes) of the group's workerd processes. */
  workerdRss: () => number;
  /** Summed user + system CPU time (ms) of the group's workerd processes so far (10 ms ticks). */
  workerdCpuMs: () => number;
  output: () => string;
  stop: () => Promise<void>;
}

interface Proc { pid: number; comm: string; pgrp: number; cpuTicks: number }

/** pid, comm, pgrp and utime + stime of every process, from /proc/<pid>/stat. */
function processes(): Proc[] {
  const out: Proc[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const fields = stat.slice(close + 2).split(' '); // fields 3.. of proc(5): state ppid pgrp … utime(14) stime(15)
      out.push({ pid: Number(entry), comm: stat.slice(stat.indexOf('(') + 1, close), pgrp: Number(fields[2]), cpuTicks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      /* exited meanwhile */
    }
  }
  return out;
}

/** Linux USER_HZ: /proc reports CPU times in 1/100 s ticks. */
const MS_PER_TICK = 10;

const rssBytes = (pid: number): number => {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
};

/** Starts `wrangler dev [script]` with `--var`s and waits (up to timeoutMs) for GET /health. */
export async function startBenchServer(vars: Record<string, string>, options: { script?: string; timeoutMs?: number; persistTo?: string } = {}): Promise<BenchServer> {
  const port = await freePort();
  const args = ['dev', ...(options.script ? [options.script] : []), '--ip', '127.0.0.1', '--port', String(port), '--show-interactive-dev-session=false', '--log-level', 'warn'];
  for (const [k, v] of Object.entries(vars)) args.push('--var', `${k}:${v}`);
  if (options.persistTo) args.push('--persist-to', options.persistTo);
  const spawnedAt = performance.now();
  const child = spawn(WRANGLER_BIN, args, { cwd: REPO_ROOT, env: QUIET_ENV, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr.on('data', (d: Buffer) => (log += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const pgid = child.pid!;
  const stop = async () => {
    if (child.exitCode !== null) return;
    try {
      process.kill(-pgid, 'SIGTERM'); // wrangler and the workerd it started
    } catch {
      /* already gone */
    }
    const timer = setTimeout(() => { try { process.kill(-pgid, 'SIGKILL'); } catch { /* gone */ } }, 10_000);
    await exited;
    clearTimeout(timer);
  };
  const workerd = () => processes().filter((p) => p.pgrp === pgid && p.comm === 'workerd');
  const workerdRss = () => workerd().reduce((sum, p) => sum + rssBytes(p.pid), 0);
  const workerdCpuMs = () => workerd().reduce((sum, p) => sum + p.cpuTicks * MS_PER_TICK, 0);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited early (${child.exitCode}): ${log.trim().split('\n').pop()}`);
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) return { url, spawnedAt, readyAt: performance.now(), workerdRss, workerdCpuMs, output: () => log, stop };
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  await stop();
  throw new Error(`wrangler dev did not become ready in time: ${log.trim().split('\n').pop()}`);
}
