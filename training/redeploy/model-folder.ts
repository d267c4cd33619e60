/**
 * Moving model folders safely: verify every file against the manifest, copy a folder
 * next to the target and swap it in with renames only (training/lib/swap-dir.ts), and
 * remove a folder the same way. A failure leaves the target as it was.
 */
import fs from 'node:fs';
import path from 'node:path';
import { swapDirAtomic } from '../lib/swap-dir.ts';
import { sha256File } from './hash-files.ts';

/** Throws unless every file listed in dir/manifest.json exists with its size and sha256. */
export function verifyModelFolder(dir: string): { modelId: string; files: Record<string, string> } {
  const manifestFile = path.join(dir, 'manifest.json');
  if (!fs.existsSync(manifestFile)) throw new Error(`${manifestFile} not found`);
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
  const files: Record<string, string> = {};
  for (const [name, entry] of Object.entries(manifest.files as Record<string, { sha256: string; bytes: number }>)) {
    const f = path.join(dir, name);
    if (!fs.existsSync(f)) throw new Error(`${f} is listed in the manifest but missing`);
    const sha = sha256File(f);
    if (sha !== entry.sha256 || fs.statSync(f).size !== entry.bytes) throw new Error(`${f} does not match its manifest entry (sha256 ${sha})`);
    files[name] = sha;
  }
  return { modelId: String(manifest.model_id), files };
}

const sibling = (target: string, tag: string) => path.join(path.dirname(path.resolve(target)), `.${path.basename(target)}.staging-${tag}-${process.pid}`);

/** Replaces `target` by a verified copy of `source` (rename swap: old or new, never a mix). */
export function installFolder(source: string, target: string): void {
  const staging = sibling(target, 'redeploy');
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(staging), { recursive: true });
  try {
    fs.cpSync(source, staging, { recursive: true });
    fs.chmodSync(staging, 0o755);
    verifyModelFolder(staging);
    swapDirAtomic(staging, target);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/** Removes `target` with one rename first, so it never exists half-deleted. */
export function removeFolder(target: string): void {
  if (!fs.existsSync(target)) return;
  const gone = sibling(target, 'removed');
  fs.renameSync(target, gone);
  fs.rmSync(gone, { recursive: true, force: true });
}

/** Copies `source` to `dest` through a temporary folder renamed at the end. */
export function copyFolder(source: string, dest: string): void {
  const tmp = `${dest}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.cpSync(source, tmp, { recursive: true });
  fs.rmSync(dest, { recursive: true, force: true });
  fs.renameSync(tmp, dest);
}
