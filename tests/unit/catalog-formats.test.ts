/**
 * The catalog formats (src/catalog/): what each parses into units, what it writes for given
 * fills (review state, low-confidence notes, header, plurals), what it leaves alone (order,
 * context, comments, flags, obsolete entries, existing translations, untranslatable units),
 * and how malformed files are reported (file and line).
 */
import fs from 'node:fs';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CatalogSyntaxError, type FilledUnit } from '../../src/catalog/catalog.ts';
import { parseCatalog } from '../../src/catalog/formats.ts';
import { parseI18nextJson } from '../../src/catalog/i18next-json.ts';

const NOW = new Date(Date.UTC(2026, 0, 2, 3, 4));
const OPTS = { generator: 'edge-mt test', now: NOW };
const fill = (forms: string[], confidence?: number, lowConfidence = false): FilledUnit => ({ forms, confidence, lowConfidence });
const HAS_MSGFMT = spawnSync('msgfmt', ['--version']).error === undefined;

const PO = `# Translator notes at the top.
#
#, fuzzy
msgid ""
msgstr ""
"Project-Id-Version: demo 1.0\\n"
"Language: \\n"
"Content-Type: text/plain; charset=CHARSET\\n"
"Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;\\n"

# stray comment block

#. TRANSLATORS: a menu title
#: src/menu.c:10
#, c-format
msgctxt "menu"
msgid "Open %s"
msgstr ""

#: src/a.c:2
msgid "2"
msgstr ""

#: src/b.c:3
msgid "Open %s"
msgstr "Abrir %s"

#: src/c.c:4
#, c-format
msgid "%d file"
msgid_plural "%d files"
msgstr[0] ""
msgstr[1] ""

#~ msgid "Old"
#~ msgstr "Viejo"
`;

describe('PO', () => {
  it('lists the entries in file order with context, plural sources and translated state', () => {
    const c = parseCatalog(PO, 'po', 'demo.pot');
    expect(c.units.map((u) => [u.context, u.key, u.sources, u.translated])).toEqual([
      ['menu', 'Open %s', ['Open %s'], false],
      [undefined, '2', ['2'], false],
      [undefined, 'Open %s', ['Open %s'], true],
      [undefined, '%d file', ['%d file', '%d files'], false],
    ]);
  });

  it('writes filled entries as fuzzy with both Spanish plural forms, a low-confidence comment, and the Spanish header, keeping everything else', () => {
    const c = parseCatalog(PO, 'po', 'demo.pot');
    const out = c.write([fill(['Abrir %s'], 0.9), fill(['2'], 0.1, true), undefined, fill(['%d archivo', '%d archivos'], 0.8)], OPTS);
    expect(out).toContain('"Language: es\\n"');
    expect(out).toContain('"Plural-Forms: nplurals=2; plural=(n != 1);\\n"');
    expect(out).toMatch(/"Content-Type: text\/plain; charset=utf-8\\n"/i);
    expect(out).toContain('"X-Generator: edge-mt test\\n"');
    expect(out).toContain('"PO-Revision-Date: 2026-01-02 03:04+0000\\n"');
    expect(out.indexOf('# stray comment block')).toBeGreaterThan(out.indexOf('msgid ""'));
    const blocks = out.trim().split('\n\n');
    expect(blocks[2]).toBe(['#: src/menu.c:10', '#. TRANSLATORS: a menu title', '#, fuzzy, c-format', 'msgctxt "menu"', 'msgid "Open %s"', 'msgstr "Abrir %s"'].join('\n'));
    expect(blocks[3]).toBe(['# low-confidence 0.10', '#: src/a.c:2', '#, fuzzy', 'msgid "2"', 'msgstr "2"'].join('\n'));
    expect(blocks[4]).toBe(['#: src/b.c:3', 'msgid "Open %s"', 'msgstr "Abrir %s"'].join('\n'));
    expect(blocks[5]).toContain('msgstr[0] "%d archivo"\nmsgstr[1] "%d archivos"');
    expect(blocks[6]).toBe('#~ msgid "Old"\n#~ msgstr "Viejo"');
    expect(blocks).toHaveLength(7);
  });

  it.skipIf(!HAS_MSGFMT)('writes a file msgfmt --check accepts (gettext installed)', () => {
    const c = parseCatalog(PO, 'po', 'demo.pot');
    const out = c.write([fill(['Abrir %s']), fill(['2']), undefined, fill(['%d archivo', '%d archivos'])], OPTS);
    const run = spawnSync('msgfmt', ['--check', '-o', '/dev/null', '-'], { input: out.replace(/#, fuzzy, /g, '#, ').replace(/#, fuzzy\n/g, ''), encoding: 'utf8' });
    expect(run.stderr.split('\n').filter((l) => l && !l.includes('warning: header field'))).toEqual([]); // only "still the template value" warnings
    expect(run.status).toBe(0);
  });

  it('decodes a legacy charset declared in the header', () => {
    const latin1 = Uint8Array.from(Buffer.from('msgid ""\nmsgstr "Content-Type: text/plain; charset=ISO-8859-1\\n"\n\nmsgid "Caf\xe9"\nmsgstr ""\n', 'latin1'));
    expect(parseCatalog(latin1, 'po', 'l1.po').units[0].key).toBe('Café');
  });

  it('reports malformed files with file and line', () => {
    const bad = (text: string) => { try { parseCatalog(text, 'po', 'bad.po'); } catch (e) { return e as CatalogSyntaxError; } throw new Error('parsed'); };
    expect(bad('msgid "a"\nmsgstr "b"\n\nmsgid "c"\nmsgstr "d"\nbogus "x"\n').message).toBe('invalid catalog bad.po:6: Invalid key name "bogus"');
    expect(bad('msgid "a"\nmsgstr ""\n\nmsgid "a"\nmsgstr ""\n')).toMatchObject({ line: 4 });
    expect(bad('msgid "a"\nmsgstr ""\n\nmsgid "unclosed\nmsgstr ""\n')).toBeInstanceOf(CatalogSyntaxError);
  });
});

describe('XLIFF', () => {
  it('1.2: fills trans-units with needs-translation targets and notes, keeps existing targets and translate="no"', () => {
    const text = fs.readFileSync('tests/fixtures/catalog/notepad-1.2.xlf', 'utf8');
    const c = parseCatalog(text, 'xliff', 'n.xlf');
    expect(c.dialect).toBe('XLIFF 1.2');
    expect(c.units.map((u) => u.key)).toEqual(['file', 'open', 'save-as', 'wrap', 'about', 'launch', 'reset', 'markup']);
    expect(c.units[0].sources).toEqual(['&File']);
    expect(c.units[4].translated).toBe(true);
    expect(c.units[7]).toMatchObject({ sources: ['Click <x id="1"/> to open <g id="2">the file</g>.'], accelerators: false });
    const fills = c.units.map((u, i) => (u.translated ? undefined : fill([i === 7 ? 'Pulse <x id="1"/> para abrir <g id="2">el archivo</g>.' : `T${i} & co`], 0.2, i === 1)));
    const out = c.write(fills, OPTS);
    expect(out).toContain('target-language="es"');
    expect(out).toContain('<target state="needs-translation" state-qualifier="mt-suggestion">T0 &amp; co</target>');
    expect(out.match(/state="needs-translation"/g)).toHaveLength(7);
    expect(out).toContain('<target state="translated">Este es un pequeño ejemplo del programa bloc de notas.</target>');
    expect(out).toContain('<note from="edge-mt">low-confidence 0.20</note>');
    expect(out.match(/low-confidence/g)).toHaveLength(1);
    expect(out).toContain('<target state="needs-translation" state-qualifier="mt-suggestion">Pulse <x id="1"/> para abrir <g id="2">el archivo</g>.</target>');
    expect(out).toMatch(/<trans-unit id="name" translate="no">\s*<source>txtNotepad<\/source>\s*<\/trans-unit>/);
    expect(parseCatalog(out, 'xliff', 'out.xlf').units.map((u) => u.targets[0])).toEqual(['T0 & co', 'T1 & co', 'T2 & co', 'T3 & co', 'Este es un pequeño ejemplo del programa bloc de notas.', 'T5 & co', 'T6 & co', 'Pulse <x id="1"/> para abrir <g id="2">el archivo</g>.']);
  });

  it('2.0: one unit per segment, state="initial" on filled segments, notes first in the unit, trgLang set', () => {
    const text = fs.readFileSync('tests/fixtures/catalog/notepad-2.0.xlf', 'utf8');
    const c = parseCatalog(text, 'xliff', 'n.xlf');
    expect(c.dialect).toBe('XLIFF 2.0');
    expect(c.units.map((u) => u.key)).toEqual(['file', 'paste', 'font', 'about', 'mount', 'two-segments#s1', 'two-segments#s2', 'markup']);
    const out = c.write(c.units.map((u, i) => (u.translated ? undefined : fill([`T${i}`], 0.1, i === 1))), OPTS);
    expect(out).toContain('trgLang="es"');
    expect(out.match(/<segment[^>]*state="initial" subState="edge-mt:mt"/g)).toHaveLength(7);
    expect(out).toMatch(/<unit id="paste">\s*<notes><note category="edge-mt">low-confidence 0.10<\/note><\/notes>\s*<segment/);
    expect(out).toContain('<segment state="translated">');
  });

  it('reports malformed XML with file and line, and rejects other XLIFF versions', () => {
    expect(() => parseCatalog('<?xml version="1.0"?>\n<xliff version="1.2">\n<file>\n</xliff>\n', 'xliff', 'bad.xlf')).toThrow(/^invalid catalog bad\.xlf:4: /);
    expect(() => parseCatalog('<xliff version="3.0"></xliff>', 'xliff', 'v3.xlf')).toThrow('unsupported XLIFF version "3.0"');
  });
});

describe('i18next JSON', () => {
  it('nested: string leaves in order (arrays too), other values kept, _many added after _other, indentation kept', () => {
    const text = fs.readFileSync('tests/fixtures/catalog/app-nested.json', 'utf8');
    const c = parseCatalog(text, 'json', 'app.json');
    expect(c.dialect).toBe('i18next JSON (nested)');
    expect(c.units.map((u) => u.key)).toEqual(['menu.file', 'menu.open', 'menu.saveAs', 'menu.close', 'about', 'errors.launch', 'errors.mount', 'results_one', 'results_other', 'tips.0', 'tips.1']);
    const out = c.write(c.units.map((u) => fill([`ES ${u.sources[0]}`])), OPTS);
    const data = JSON.parse(out);
    expect(Object.keys(data)).toEqual(['menu', 'about', 'errors', 'results_one', 'results_other', 'results_many', 'version', 'tips']);
    expect(data.results_many).toBe('ES {{count}} more results');
    expect(data.version).toBe(2);
    expect(data.tips).toEqual(['ES Open the file', 'ES Save the file']);
    expect(out.startsWith('{\n  "menu": {\n    "file": "ES File"')).toBe(true);
  });

  it('flat: keys with dots stay flat; an existing Spanish file supplies the translations already done', () => {
    const text = fs.readFileSync('tests/fixtures/catalog/app-flat.json', 'utf8');
    const c = parseI18nextJson(text, 'app.json', '{"menu.file": "Archivo"}');
    expect(c.dialect).toBe('i18next JSON (flat)');
    expect(c.units.map((u) => u.translated)).toEqual([true, false, false, false, false, false]);
    const data = JSON.parse(c.write(c.units.map((u) => (u.translated ? undefined : fill(['X']))), OPTS));
    expect(data['menu.file']).toBe('Archivo');
    expect(data['menu.open']).toBe('X');
    expect(data.items_many).toBe('X');
  });

  it('reports malformed JSON with file and line', () => {
    expect(() => parseCatalog('{\n  "a": "b",\n  "c": \n}\n', 'json', 'bad.json')).toThrow(/^invalid catalog bad\.json:4: /);
    expect(() => parseCatalog('["a"]', 'json', 'arr.json')).toThrow('invalid catalog arr.json:1: an i18next resource file must be a JSON object');
  });
});
