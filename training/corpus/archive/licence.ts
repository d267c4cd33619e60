/**
 * The licence of an archive package, from its extracted copyright file: debian.ts readLicence
 * (the DEP-5 `Files: *` licence, a `License:` field or a GNU licence sentence), then, for the
 * free-form files it cannot name, the first `/usr/share/common-licenses/<name>` the file points
 * to, or the MIT or BSD permission sentence. A doc folder that is a symlink to another planned
 * package's is followed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { readLicence } from '../debian.ts';
import { extractedRoot } from './extract.ts';
import type { PlannedDeb } from './plan.ts';

export function freeFormLicence(text: string): string | undefined {
  const common = /\/usr\/share\/common-licenses\/([A-Za-z][\w.+-]*[\w+])/.exec(text);
  if (common) return common[1];
  if (/Permission is hereby granted, free of charge/i.test(text)) return 'MIT-style';
  if (/Redistribution and use in source and binary forms/i.test(text)) return 'BSD-style';
  return undefined;
}

export function packageLicence(deb: PlannedDeb, cache: string, byPkg: ReadonlyMap<string, PlannedDeb>): string {
  let root = extractedRoot(cache, deb);
  let pkg = deb.pkg;
  let via = '';
  const docDir = path.join(root, 'usr/share/doc', pkg);
  if (fs.lstatSync(docDir, { throwIfNoEntry: false })?.isSymbolicLink()) {
    const target = path.basename(fs.readlinkSync(docDir));
    const other = byPkg.get(target);
    if (other && fs.existsSync(path.join(extractedRoot(cache, other), 'usr/share/doc', target, 'copyright'))) {
      root = extractedRoot(cache, other);
      pkg = target;
      via = ` (from ${target})`;
    }
  }
  let licence = readLicence(root, pkg);
  if (licence.startsWith('unknown')) licence = freeFormLicence(fs.readFileSync(path.join(root, 'usr/share/doc', pkg, 'copyright'), 'utf8')) ?? licence;
  return licence + via;
}
