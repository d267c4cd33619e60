/**
 * Glossary files for `--glossary` (src/catalog/glossary.ts): TSV, CSV with RFC 4180 quoting,
 * TBX (v2 termEntry/langSet/tig and v3 conceptEntry/langSec/termSec), and bad input reported
 * with file and line.
 */
import { describe, expect, it } from 'vitest';
import { glossaryFormatFromFileName, parseGlossary } from '../../src/catalog/glossary.ts';

describe('parseGlossary', () => {
  it('reads TSV with a header, comments and blank lines; do-not-translate terms keep target = source', () => {
    expect(parseGlossary('source\ttarget\n# product names\nGNOME\tGNOME\n\nfile\tarchivo\r\nWi-Fi\tWi-Fi\n', 'tsv', 't.tsv')).toEqual([
      { source: 'GNOME', target: 'GNOME' },
      { source: 'file', target: 'archivo' },
      { source: 'Wi-Fi', target: 'Wi-Fi' },
    ]);
  });

  it('reads CSV with quoted commas, quotes and newlines', () => {
    expect(parseGlossary('en,es\n"Save, then quit","Guardar y salir"\n"say ""hi""",saludar\nfolder,carpeta', 'csv', 't.csv')).toEqual([
      { source: 'Save, then quit', target: 'Guardar y salir' },
      { source: 'say "hi"', target: 'saludar' },
      { source: 'folder', target: 'carpeta' },
    ]);
  });

  it('reads TBX v2 and v3 entries with an English and a Spanish term', () => {
    const v2 = `<?xml version="1.0"?><martif type="TBX" xml:lang="en"><text><body>
      <termEntry id="1"><langSet xml:lang="en"><tig><term>bookmark</term></tig></langSet><langSet xml:lang="es-ES"><tig><term>marcador</term></tig></langSet></termEntry>
      <termEntry id="2"><langSet xml:lang="en"><tig><term>only English</term></tig></langSet></termEntry>
    </body></text></martif>`;
    expect(parseGlossary(v2, 'tbx', 'g.tbx')).toEqual([{ source: 'bookmark', target: 'marcador' }]);
    const v3 = `<?xml version="1.0"?><tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2"><text><body>
      <conceptEntry id="c1"><langSec xml:lang="en"><termSec><term>trash</term></termSec></langSec><langSec xml:lang="es"><termSec><term>papelera</term></termSec></langSec></conceptEntry>
    </body></text></tbx>`;
    expect(parseGlossary(v3, 'tbx', 'g.tbx')).toEqual([{ source: 'trash', target: 'papelera' }]);
  });

  it('names file and line of bad input', () => {
    expect(() => parseGlossary('a\tb\nonly-one\n', 'tsv', 't.tsv')).toThrow('invalid catalog t.tsv:2: expected "source<TAB>target"');
    expect(() => parseGlossary('a,b\n"open,c\n', 'csv', 't.csv')).toThrow('invalid catalog t.csv:2: unterminated quoted field');
    expect(() => parseGlossary('<martif>\n<text>\n</martif>', 'tbx', 'g.tbx')).toThrow(/^invalid catalog g\.tbx:3: /);
    expect(() => parseGlossary('<martif><text/></martif>', 'tbx', 'g.tbx')).toThrow('no entry with both an English and a Spanish term');
  });

  it('picks the format from the extension', () => {
    expect(['a.tsv', 'a.CSV', 'a.tbx', 'a.po'].map(glossaryFormatFromFileName)).toEqual(['tsv', 'csv', 'tbx', undefined]);
  });
});
