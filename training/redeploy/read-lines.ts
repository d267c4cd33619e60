/**
 * Reads a text file of one segment per line (UTF-8, "\n" or "\r\n"); a final newline does
 * not make an extra empty segment. A missing file throws "file not found: FILE".
 */
import fs from 'node:fs';

export function readLines(file: string, what = 'file'): string[] {
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new Error(`${what} not found: ${file}`);
  const lines = fs.readFileSync(file, 'utf8').split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}
