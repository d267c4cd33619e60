/**
 * The kind of text a package's catalogues hold, for the stratified test split:
 *  - `desktop-ui`: a graphical desktop program. Its source package (any binary built from the
 *    same source) depends (Depends, Pre-Depends) on a GUI toolkit (GTK, Qt, KDE Frameworks, wxWidgets, SDL, EFL, FLTK,
 *    Tk, X11, or GTK through GObject introspection), or sits in Section gnome, kde, x11, xfce,
 *    games, graphics or video, or carries the debtag `interface::x11` or a `uitoolkit::` other than ncurses;
 *  - `other-ui`: everything else (web applications, command-line tools, libraries, daemons);
 *  - `description`: the DDTP package descriptions (prose), set by the builder.
 * Read from the cached Packages indices, so the same cache always gives the same kinds.
 */
import { indexFiles, readIndex } from './apt.ts';

export type SourceKind = 'desktop-ui' | 'other-ui' | 'description';
export const SOURCE_KINDS: readonly SourceKind[] = ['desktop-ui', 'other-ui', 'description'];

interface PackageInfo {
  source: string;
  desktop: boolean;
}

const GUI_DEPENDENCY = /(?:^|[\s,|])(?:libgtk|libgtk-?[34]|libgtkmm|gir1\.2-gtk|libqt[56]|qt6-|libkf[56]|libwx|libsdl|libelementary|libevas|libfltk|tk8\.|python3-tk|libx11-6|libxfce|libgnome|libadwaita|libhandy|libglfw|qml-module)/;
const DESKTOP_SECTION = /^(?:gnome|kde|x11|xfce|games|graphics|video)$/;
const DESKTOP_TAG = /interface::x11|uitoolkit::(?!ncurses)/;

/** Parses Packages stanzas into package → {source, desktop evidence of this binary} (first stanza of a name wins). */
export function parsePackages(text: string, into = new Map<string, PackageInfo>()): Map<string, PackageInfo> {
  let fields: Record<string, string> = {};
  let last = '';
  const flush = () => {
    const pkg = fields.Package?.trim() ?? '';
    if (pkg !== '' && !into.has(pkg)) {
      const source = (fields.Source ?? '').trim().split(/\s+/)[0] || pkg;
      const section = (fields.Section ?? '').trim().split('/').pop() ?? '';
      const depends = ` ${fields.Depends ?? ''} ${fields['Pre-Depends'] ?? ''}`;
      into.set(pkg, { source, desktop: GUI_DEPENDENCY.test(depends) || DESKTOP_SECTION.test(section) || DESKTOP_TAG.test(fields.Tag ?? '') });
    }
    fields = {};
    last = '';
  };
  for (const line of text.split('\n')) {
    if (line === '') flush();
    else if (line[0] === ' ' || line[0] === '\t') {
      if (last !== '') fields[last] += `\n${line}`;
    } else {
      const colon = line.indexOf(':');
      last = line.slice(0, colon);
      fields[last] = line.slice(colon + 1);
    }
  }
  flush();
  return into;
}

/** package → kind (`desktop-ui` or `other-ui`) for every package of the cached main indices. */
export function readPackageKinds(cache: string): Map<string, SourceKind> {
  const info = new Map<string, PackageInfo>();
  for (const file of indexFiles(cache, '_main_binary-amd64_Packages')) parsePackages(readIndex(file), info);
  const desktopSources = new Set<string>();
  for (const { source, desktop } of info.values()) if (desktop) desktopSources.add(source);
  const kinds = new Map<string, SourceKind>();
  for (const [pkg, { source }] of info) kinds.set(pkg, desktopSources.has(source) ? 'desktop-ui' : 'other-ui');
  return kinds;
}
