/**
 * Memory of the workerd processes behind a `wrangler dev` on a given port, from /proc
 * (Linux only): the wrangler process whose command line has `--port <port>` leads a
 * process group (tools/wrangler-process.ts starts it detached); every `workerd` in
 * that group is reported with its resident set size (VmRSS).
 */
import fs from 'node:fs';

export interface WorkerdMemory {
  pid: number;
  /** 'entry' serves the dev port, 'runtime' is the other workerd of the group. */
  role: 'entry' | 'runtime';
  rssMiB: number;
}

const pids = (): number[] => fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number);

function read(pid: number, file: string): string | undefined {
  try {
    return fs.readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return undefined; // the process ended meanwhile
  }
}

/** Process group id (field 5 of /proc/<pid>/stat, counted after the command name). */
function pgid(pid: number): number | undefined {
  const stat = read(pid, 'stat');
  return stat === undefined ? undefined : Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
}

/** VmRSS of `pid` in MiB, or undefined if it is gone. */
export function rssMiB(pid: number): number | undefined {
  const kb = /^VmRSS:\s+(\d+) kB/m.exec(read(pid, 'status') ?? '')?.[1];
  return kb === undefined ? undefined : Math.round((Number(kb) / 1024) * 10) / 10;
}

/** The workerd processes of the `wrangler dev` listening on `port`. */
export function workerdProcesses(port: number): Array<{ pid: number; role: WorkerdMemory['role'] }> {
  const portArg = new RegExp(`(^|\\x00)--port\\x00${port}(\\x00|$)`);
  const leader = pids().find((pid) => /wrangler/.test(read(pid, 'cmdline') ?? '') && portArg.test(read(pid, 'cmdline') ?? ''));
  if (leader === undefined) throw new Error(`no wrangler process found for port ${port}`);
  const group = pgid(leader);
  return pids()
    .filter((pid) => pgid(pid) === group && (read(pid, 'comm') ?? '').trim() === 'workerd')
    .map((pid) => ({ pid, role: (read(pid, 'cmdline') ?? '').includes(`entry=127.0.0.1:${port}`) ? 'entry' : 'runtime' }));
}

/** Current VmRSS of each workerd of the dev server on `port`. */
export function workerdMemory(port: number): WorkerdMemory[] {
  return workerdProcesses(port).flatMap(({ pid, role }) => {
    const rss = rssMiB(pid);
    return rss === undefined ? [] : [{ pid, role, rssMiB: rss }];
  });
}
