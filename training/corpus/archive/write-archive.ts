/**
 * Writes the archive corpus folder: train in shards (`train-00.jsonl.gz`, …, a fixed number of
 * pairs each, every one checked to stay under MAX_FILE_BYTES), dev, the legacy test split copied
 * byte for byte (`test.jsonl.gz`, the comparable benchmark), `test-broad.jsonl.gz`, and the
 * corpus hash: sha256 of the `sha256sum`-style listing of those files in code-unit name order, so
 * `sha256sum $(ls *.jsonl.gz | LC_ALL=C sort) | sha256sum` in the folder gives the same value.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { encodeJsonlGz, writeFileAtomic } from '../jsonl-gz.ts';
import type { Pair } from '../pair.ts';

/** No committed file may reach 20 MB; shards stay well below. */
export const MAX_FILE_BYTES = 19 * 1024 * 1024;

export interface WrittenFile {
  name: string;
  pairs: number;
  bytes: number;
  sha256: string;
}

const sha256 = (data: Buffer | string) => crypto.createHash('sha256').update(data).digest('hex');

function writeData(dir: string, name: string, data: Buffer, pairs: number): WrittenFile {
  if (data.length > MAX_FILE_BYTES) throw new Error(`${name} would be ${(data.length / 1e6).toFixed(1)} MB, over the ${MAX_FILE_BYTES / 1024 / 1024} MiB limit: lower --shard-size`);
  writeFileAtomic(path.join(dir, name), data);
  return { name, pairs, bytes: data.length, sha256: sha256(data) };
}

export function shardName(index: number): string {
  return `train-${String(index).padStart(2, '0')}.jsonl.gz`;
}

export interface ArchiveFiles {
  train: readonly Pair[];
  dev: readonly Pair[];
  /** The bytes of today's test split file. */
  legacyTest: Buffer;
  legacyTestPairs: number;
  testBroad: readonly object[];
}

/** Writes the data files (removing stale shards) and returns them with the corpus sha256. */
export function writeArchiveFiles(dir: string, files: ArchiveFiles, shardSize: number): { files: WrittenFile[]; sha256: string } {
  fs.mkdirSync(dir, { recursive: true });
  for (const stale of fs.readdirSync(dir).filter((f) => /^train-\d+\.jsonl\.gz$/.test(f))) fs.rmSync(path.join(dir, stale));
  const written: WrittenFile[] = [];
  for (let i = 0, shard = 0; i < files.train.length; i += shardSize, shard++) {
    const rows = files.train.slice(i, i + shardSize);
    written.push(writeData(dir, shardName(shard), encodeJsonlGz(rows), rows.length));
  }
  written.push(writeData(dir, 'dev.jsonl.gz', encodeJsonlGz(files.dev), files.dev.length));
  written.push(writeData(dir, 'test.jsonl.gz', files.legacyTest, files.legacyTestPairs));
  written.push(writeData(dir, 'test-broad.jsonl.gz', encodeJsonlGz(files.testBroad), files.testBroad.length));
  written.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { files: written, sha256: corpusSha256(written) };
}

export function corpusSha256(files: readonly Pick<WrittenFile, 'name' | 'sha256'>[]): string {
  return sha256(files.map((f) => `${f.sha256}  ${f.name}\n`).join(''));
}

/** Recomputes the corpus hash from the files on disk (every `*.jsonl.gz` of dir). */
export function hashCorpusFolder(dir: string): string {
  const names = fs.readdirSync(dir).filter((f) => f.endsWith('.jsonl.gz')).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return corpusSha256(names.map((name) => ({ name, sha256: sha256(fs.readFileSync(path.join(dir, name))) })));
}
