/**
 * The pipeline's output: every line goes to the terminal (stderr) and is appended to the
 * log file in the work dir (`<work-dir>/redeploy.log`), including the streamed output of
 * child stages, so a failed run can be read back afterwards.
 */
import fs from 'node:fs';
import path from 'node:path';

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;

export class RedeployLog {
  private fd: number;

  constructor(readonly file: string) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    this.fd = fs.openSync(file, 'a');
  }

  /** Child output or any text, as is (colour codes are kept off the log file). */
  write(text: string): void {
    process.stderr.write(text);
    fs.writeSync(this.fd, text.replace(ANSI, ''));
  }

  line(text = ''): void {
    this.write(text + '\n');
  }

  /** Only into the log file (e.g. the JSON a child printed for us). */
  fileOnly(text: string): void {
    fs.writeSync(this.fd, text.replace(ANSI, '') + (text.endsWith('\n') ? '' : '\n'));
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}

/** "1m 23s", "4.2s". */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(1)}s`;
  const m = Math.floor(seconds / 60);
  return m < 60 ? `${m}m ${Math.round(seconds - 60 * m)}s` : `${Math.floor(m / 60)}h ${m % 60}m`;
}
