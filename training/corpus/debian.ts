/**
 * Debian source packages of the corpus: downloads each with `apt-get download`
 * into a cache folder, unpacks it with `dpkg -x` (no install), and finds its
 * Spanish gettext catalogues, its version and its licence.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface DebianSource {
  pkg: string;
  /** The Debian version the committed corpus was built from. */
  version: string;
  /** The accelerator marks its UI strings use (see CleanOptions.accelerators), '' for none. */
  accelerators: string;
}

/**
 * The training packages and their accelerator marks (found by inspecting the catalogues:
 * GnuCash's `~a` and Wesnoth's `&image=` are not accelerators, gcc has none).
 * gimp (amd64) ships no catalogue: gimp-data holds GIMP's .mo files.
 */
export const DEBIAN_SOURCES: readonly DebianSource[] = [
  { pkg: 'libreoffice-l10n-es', version: '4:7.4.7-1+deb12u14', accelerators: '_~' },
  { pkg: 'gcc-12-locales', version: '12.2.0-14+deb12u1', accelerators: '' },
  { pkg: 'gimp', version: '2.10.34-1+deb12u10', accelerators: '_' },
  { pkg: 'gimp-data', version: '2.10.34-1+deb12u10', accelerators: '_' },
  { pkg: 'inkscape', version: '1.2.2-2+deb12u1', accelerators: '_' },
  { pkg: 'vlc-l10n', version: '3.0.24-0+deb12u1', accelerators: '&' },
  { pkg: 'gnucash-common', version: '1:4.13-1', accelerators: '_' },
  { pkg: 'evolution-common', version: '3.46.4-2+deb12u1', accelerators: '_' },
  { pkg: 'gnome-control-center-data', version: '1:43.6-2~deb12u1', accelerators: '_' },
  { pkg: 'wesnoth-1.16-data', version: '1:1.16.9-1', accelerators: '' },
];

/** The out-of-domain evaluation package (translated Mallard help pages, no .mo). */
export const OOD_SOURCE: DebianSource = { pkg: 'gnome-user-docs', version: '43.0-2', accelerators: '' };
export const OOD_PACKAGE = OOD_SOURCE.pkg;

export interface UnpackedPackage {
  pkg: string;
  version: string;
  deb: string;
  /** Folder the .deb was extracted into. */
  root: string;
}

function run(command: string, args: string[], cwd?: string): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (result.status !== 0) {
    const detail = (result.stderr || result.error?.message || '').trim().split('\n').pop();
    throw new Error(`${command} ${args.join(' ')} failed: ${detail}`);
  }
  return result.stdout;
}

/**
 * The .deb of `pkg` at the pinned version (the one the committed corpus was built from):
 * from the cache, else `apt-get download pkg=version`. When Debian no longer serves that
 * version, takes the current candidate and says so through `warn`, as the output will then
 * differ from the committed files.
 */
export function fetchDeb(source: DebianSource, cacheDir: string, warn: (message: string) => void): string {
  fs.mkdirSync(cacheDir, { recursive: true });
  const cachedAt = (version: string | undefined) =>
    fs
      .readdirSync(cacheDir)
      .filter((f) => f.startsWith(`${source.pkg}_`) && f.endsWith('.deb'))
      .map((f) => path.join(cacheDir, f))
      .filter((f) => version === undefined || debVersion(f) === version)
      .sort();
  const pinned = cachedAt(source.version);
  if (pinned.length > 0) return pinned[0];
  try {
    run('apt-get', ['download', `${source.pkg}=${source.version}`], cacheDir);
    const fetched = cachedAt(source.version);
    if (fetched.length > 0) return fetched[0];
  } catch {
    // Superseded version: fall back to the candidate below.
  }
  run('apt-get', ['download', source.pkg], cacheDir);
  const any = cachedAt(undefined);
  if (any.length === 0) throw new Error(`apt-get download ${source.pkg} produced no .deb in ${cacheDir}`);
  any.sort((a, b) => (dpkgNewer(debVersion(a), debVersion(b)) ? -1 : 1));
  warn(`${source.pkg}: pinned version ${source.version} unavailable, using ${debVersion(any[0])} (output will differ from the committed corpus)`);
  return any[0];
}

function dpkgNewer(a: string, b: string): boolean {
  return a !== b && spawnSync('dpkg', ['--compare-versions', a, 'gt', b]).status === 0;
}

export function debVersion(deb: string): string {
  return run('dpkg-deb', ['-f', deb, 'Version']).trim();
}

/** Extracts the .deb once into `<cacheDir>/root/<pkg>_<version>` (atomically, via a temp folder). */
export function unpackDeb(pkg: string, deb: string, cacheDir: string): UnpackedPackage {
  const version = debVersion(deb);
  const root = path.join(cacheDir, 'root', `${pkg}_${version.replace(/[:~]/g, '_')}`);
  if (!fs.existsSync(root)) {
    const tmp = `${root}.tmp-${process.pid}`;
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.mkdirSync(tmp, { recursive: true });
    run('dpkg', ['-x', deb, tmp]);
    fs.renameSync(tmp, root);
  }
  return { pkg, version, deb, root };
}

/** Every `…/es/LC_MESSAGES/*.mo` under root (plain `es` only, not es_MX/es_419), sorted. */
export function spanishCatalogues(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && entry.name.endsWith('.mo') && full.split(path.sep).slice(-3, -1).join('/') === 'es/LC_MESSAGES')
        found.push(full);
    }
  };
  walk(root);
  return found.sort();
}

/**
 * The licence stated in usr/share/doc/<pkg>/copyright: the `Files: *` licence of a
 * machine-readable (DEP-5) file, else its first non-empty `License:` field, else the
 * first GNU licence sentence of a free-form file.
 */
export function readLicence(root: string, pkg: string): string {
  const docDir = path.join(root, 'usr/share/doc', pkg);
  const file = path.join(docDir, 'copyright');
  if (!fs.existsSync(file)) {
    const link = fs.lstatSync(docDir, { throwIfNoEntry: false });
    const target = link?.isSymbolicLink() ? fs.readlinkSync(docDir) : undefined;
    return target
      ? `not shipped in this package (usr/share/doc/${pkg} links to ${target})`
      : 'not shipped in this package';
  }
  const text = fs.readFileSync(file, 'utf8');
  const filesStar = /^Files:\s*\*\s*$[\s\S]*?^License:[ \t]*(\S.*)$/m.exec(text);
  if (/^Format:/m.test(text) && filesStar) return filesStar[1].trim();
  const field = /^\s*License:[ \t]*(\S.*)$/m.exec(text);
  if (field) return field[1].trim();
  const gnu = /GNU (Lesser |Library )?General Public\s+License[\s\S]{0,200}?version (\d(?:\.\d)?)( of the License, or \(at your option\) (?:any later version|version \d))?/.exec(text);
  if (gnu) {
    const name = gnu[1] ? 'LGPL' : 'GPL';
    const later = gnu[3] ? (gnu[3].includes('later') ? '+' : ` or ${gnu[3].replace(/.*version /, '')}`) : '';
    return `${name}-${gnu[2]}${later}`;
  }
  return 'unknown (see copyright file)';
}
