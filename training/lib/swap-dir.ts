/**
 * Replaces a folder by a fully written staging folder with renames only, so a failure
 * at any point leaves either the old folder or the new one in place, never a mix.
 */
import fs from 'node:fs';
import path from 'node:path';

export function swapDirAtomic(staging: string, target: string): void {
  const backup = path.join(path.dirname(path.resolve(target)), `.${path.basename(target)}.old-${process.pid}`);
  const had = fs.existsSync(target);
  if (had) fs.renameSync(target, backup);
  try {
    fs.renameSync(staging, target);
  } catch (e) {
    if (had) fs.renameSync(backup, target);
    throw e;
  }
  if (had) fs.rmSync(backup, { recursive: true, force: true });
}
