/**
 * Deterministic gzipped JSON Lines: one object per line, gzip level 9 with
 * node's zlib (mtime 0, no file name), written atomically (temp file + rename).
 */
import fs from 'node:fs';
import zlib from 'node:zlib';

export function encodeJsonlGz(rows: readonly object[]): Buffer {
  const text = rows.map((row) => JSON.stringify(row) + '\n').join('');
  return zlib.gzipSync(Buffer.from(text, 'utf8'), { level: 9 });
}

export function decodeJsonlGz<T>(buffer: Buffer): T[] {
  const text = zlib.gunzipSync(buffer).toString('utf8');
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as T);
}

export function writeFileAtomic(file: string, data: Buffer | string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
}
