import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readLicence } from '../../training/corpus/debian.ts';
import { InputError } from '../../training/corpus/input-error.ts';
import { alignPages } from '../../training/corpus/read-help-pages.ts';
import { parseTsv, readUserData } from '../../training/corpus/read-user-data.ts';

const fixture = (name: string) => path.join('tests/fixtures/corpus', name);
const temps: string[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corpus-import-'));
  temps.push(dir);
  return dir;
};
afterAll(() => temps.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

const sortPairs = (pairs: { en: string; es: string }[]) => [...pairs].sort((a, b) => (a.en < b.en ? -1 : 1));

describe('gettext importers', () => {
  it('reads a .po: skips header and untranslated, drops msgctxt, takes plural singulars', () => {
    expect(sortPairs(readUserData(fixture('tiny.po')))).toEqual([
      { en: '%d file', es: '%d archivo' },
      { en: 'Close', es: 'Cerrar' },
      { en: 'GIMP', es: 'GIMP' },
      { en: '_Open File', es: '_Abrir archivo' },
    ]);
  });

  it('reads a .mo compiled by gettext-parser', () => {
    expect(sortPairs(readUserData(fixture('tiny.mo')))).toEqual([
      { en: '%s of %s', es: '%s de %s' },
      { en: 'Save _As…', es: 'Guardar _como…' },
      { en: 'Zoom In', es: 'Ampliar' },
    ]);
  });

  it('rejects a truncated .mo naming the file', () => {
    expect(() => readUserData(fixture('corrupt.mo'))).toThrow(/corrupt\.mo: corrupt \.mo file/);
  });

  it('rejects a file that is not a .mo at all', () => {
    const dir = tempDir();
    const fake = path.join(dir, 'text.mo');
    fs.writeFileSync(fake, 'this is plain text, not a catalogue');
    expect(() => readUserData(fake)).toThrow(/text\.mo: corrupt \.mo file \(bad magic number\)/);
  });
});

describe('TSV importer', () => {
  it('skips the header and blank lines', () => {
    expect(readUserData(fixture('tiny.tsv'))).toEqual([
      { en: 'Hello world', es: 'Hola mundo' },
      { en: 'Save  the   file', es: 'Guardar el archivo' },
    ]);
  });

  it('treats a first line that is not a header as data', () => {
    expect(parseTsv('Yes\tSí\r\nNo\tNo\r\n', 'x.tsv')).toEqual([
      { en: 'Yes', es: 'Sí' },
      { en: 'No', es: 'No' },
    ]);
  });

  it('rejects a line without exactly two columns, naming file and line', () => {
    expect(() => parseTsv('a\tb\nonly one column\n', 'bad.tsv')).toThrow('bad.tsv: line 2: expected 2 tab-separated columns, found 1');
  });
});

describe('TMX importer', () => {
  it('pairs the en* and es* variants of each tu and drops inline codes', () => {
    expect(readUserData(fixture('tiny.tmx'))).toEqual([
      { en: 'Print the & document', es: 'Imprimir el & documento' },
      { en: 'Café menu', es: 'Menú de la cafetería' },
    ]);
  });

  it('rejects malformed XML naming the file', () => {
    expect(() => readUserData(fixture('malformed.tmx'))).toThrow(/malformed\.tmx: malformed TMX/);
  });
});

describe('user data errors', () => {
  it('reports a missing file and an unknown extension as InputError', () => {
    expect(() => readUserData(fixture('missing.tsv'))).toThrow(InputError);
    expect(() => readUserData(fixture('missing.tsv'))).toThrow('missing.tsv: file not found');
    expect(() => readUserData(fixture('make-mo.ts'))).toThrow(/unknown extension "\.ts"/);
  });
});

describe('help page alignment', () => {
  const page = (title: string, para: string, extra = '') =>
    `<?xml version="1.0"?><page xmlns="http://projectmallard.org/1.0/" id="x"><info><desc>${title} desc</desc>` +
    `<credit><name>Someone</name></credit></info><title>${title}</title><p>${para}</p>${extra}</page>`;

  it('pairs blocks in order, renders key sequences and keeps inline text', () => {
    const en = page('Rename', 'Press <keyseq><key>Ctrl</key><key>R</key></keyseq> in <app>Files</app>.');
    const es = page('Renombrar', 'Pulse <keyseq><key>Ctrl</key><key>R</key></keyseq> en <app>Archivos</app>.');
    expect(alignPages(en, es)).toEqual([
      { en: 'Rename desc', es: 'Renombrar desc' },
      { en: 'Rename', es: 'Renombrar' },
      { en: 'Press Ctrl+R in Files.', es: 'Pulse Ctrl+R en Archivos.' },
    ]);
  });

  it('skips blocks with auto-filled empty links', () => {
    const en = page('A', 'See <link xref="other"/>.');
    const es = page('B', 'Vea <link xref="other"/>.');
    expect(alignPages(en, es).map((p) => p.en)).toEqual(['A desc', 'A']);
  });

  it('gives nothing when the block structures differ', () => {
    expect(alignPages(page('A', 'x'), page('B', 'y', '<p>extra</p>'))).toEqual([]);
  });
});

describe('readLicence', () => {
  const withCopyright = (text: string) => {
    const root = tempDir();
    fs.mkdirSync(path.join(root, 'usr/share/doc/pkg'), { recursive: true });
    fs.writeFileSync(path.join(root, 'usr/share/doc/pkg/copyright'), text);
    return root;
  };

  it('takes the Files: * licence of a machine-readable copyright file', () => {
    const root = withCopyright(
      'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n\nFiles: debian/*\nLicense: MIT\n\nFiles: *\nCopyright: someone\nLicense: GPL-2+\n',
    );
    expect(readLicence(root, 'pkg')).toBe('GPL-2+');
  });

  it('reads a GNU licence sentence from a free-form file', () => {
    const root = withCopyright('Licensed under the terms of the GNU Lesser General Public\nLicense as published by the FSF; either\nversion 2 of the License, or (at your option) any later version.\n');
    expect(readLicence(root, 'pkg')).toBe('LGPL-2+');
  });

  it('says when the package ships no copyright file', () => {
    const root = tempDir();
    fs.mkdirSync(path.join(root, 'usr/share/doc'), { recursive: true });
    fs.symlinkSync('gcc-12-base', path.join(root, 'usr/share/doc/pkg'));
    expect(readLicence(root, 'pkg')).toBe('not shipped in this package (usr/share/doc/pkg links to gcc-12-base)');
  });
});
