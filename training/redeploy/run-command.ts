/**
 * Runs one child command of the pipeline (a stage CLI, the tests, wrangler): its stderr,
 * and its stdout unless captured, stream live to the terminal and the log file. A signal
 * that stops the pipeline is forwarded to the running children (see forwardSignal).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { PipelineError } from './pipeline-error.ts';
import type { RedeployLog } from './redeploy-log.ts';

export interface CommandResult { code: number | null; signal: NodeJS.Signals | null; stdout: string; output: string }

const running = new Set<ChildProcess>();
let stopSignal: NodeJS.Signals | null = null;

/** Sends `signal` to every running child (they save their state and stop); no new command starts after it. */
export function forwardSignal(signal: NodeJS.Signals): void {
  stopSignal = signal;
  for (const child of running) child.kill(signal);
}

/**
 * `command` is an argv array (run directly) or a string (run by the shell, for the
 * --test-command and --deploy-command overrides). With `capture`, stdout is returned and
 * only written to the log file.
 */
export function runCommand(log: RedeployLog, command: string[] | string, opts: { cwd: string; env?: NodeJS.ProcessEnv; capture?: boolean }): Promise<CommandResult> {
  const shown = typeof command === 'string' ? command : command.join(' ');
  if (stopSignal) return Promise.reject(new PipelineError(`interrupted by ${stopSignal}; rerun with --resume to continue`, 130));
  log.line(`$ ${shown}`);
  const child = typeof command === 'string'
    ? spawn(command, { cwd: opts.cwd, env: opts.env ?? process.env, shell: true, stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(command[0], command.slice(1), { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let stdout = '';
  let output = '';
  child.stdout!.on('data', (d: Buffer) => {
    const s = d.toString();
    stdout += s;
    output += s;
    if (opts.capture) log.fileOnly(s);
    else log.write(s);
  });
  child.stderr!.on('data', (d: Buffer) => {
    output += d.toString();
    log.write(d.toString());
  });
  return new Promise((resolve, reject) => {
    child.once('error', (e) => { running.delete(child); reject(new Error(`cannot run ${shown}: ${e.message}`)); });
    child.once('close', (code, signal) => {
      running.delete(child);
      if (stopSignal) reject(new PipelineError(`interrupted by ${stopSignal}; rerun with --resume to continue`, 130));
      else resolve({ code, signal, stdout, output });
    });
  });
}
