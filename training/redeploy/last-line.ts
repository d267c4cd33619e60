/** The last non-empty line of a child process's output: its one-line error message. */
export function lastLine(output: string): string {
  return output.trim().split('\n').filter((l) => l.trim()).pop()?.trim() ?? 'no output';
}
