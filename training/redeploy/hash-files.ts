/**
 * Content hashes for the pipeline's state file: sha256 of a file, of the listed files of a
 * folder, and a combined hash of any JSON-able inputs, so a changed input reruns its stage.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export function sha256File(file: string): string {
  const h = createHash('sha256');
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(1 << 20);
    for (let n; (n = fs.readSync(fd, buf, 0, buf.length, null)) > 0;) h.update(buf.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
  return h.digest('hex');
}

/** sha256 of each regular file directly in `dir` (sorted by name); {} when the folder is missing. */
export function sha256Dir(dir: string, names?: readonly string[]): Record<string, string> {
  if (!fs.existsSync(dir)) return {};
  const files = (names ?? fs.readdirSync(dir)).filter((n) => fs.existsSync(path.join(dir, n)) && fs.statSync(path.join(dir, n)).isFile()).sort();
  return Object.fromEntries(files.map((n) => [n, sha256File(path.join(dir, n))]));
}

/** One hash over any JSON-serialisable inputs. */
export function hashInputs(...parts: unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}
