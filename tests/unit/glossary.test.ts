/**
 * Glossary term injection (src/model/text/glossary.ts): case-aware matching on word
 * boundaries, English plurals, do-not-translate terms kept as written, the Spanish plural
 * rule, and the masked form the engine translates (the term becomes one slot holding its target).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { englishPlural, findTerms, spanishPlural } from '../../src/model/text/glossary.ts';
import { mask, unmask } from '../../src/model/text/placeholders.ts';

const G = [
  { source: 'file', target: 'archivo' },
  { source: 'file manager', target: 'gestor de archivos' },
  { source: 'GNOME', target: 'GNOME' },
  { source: 'Wi-Fi', target: 'Wi-Fi' },
  { source: 'image', target: 'imagen' },
];
const terms = (t: string) => findTerms(t, G).map((s) => [s.text, s.replacement]);

describe('glossary matching', () => {
  it('matches on word boundaries only', () => {
    expect(terms('profile filed file_name refile')).toEqual([]);
    expect(terms('the file, (file) and "file".')).toEqual([['file', 'archivo'], ['file', 'archivo'], ['file', 'archivo']]);
  });

  it('is case-aware: lowercase terms also match capitalised, terms with capitals only as written', () => {
    expect(terms('File or FILE')).toEqual([['File', 'Archivo']]);
    expect(terms('GNOME, not Gnome or gnome')).toEqual([['GNOME', 'GNOME']]);
    expect(terms('File Manager')).toEqual([['File Manager', 'Gestor de archivos']]);
    expect(terms('15 Files')).toEqual([['Files', 'archivos']]);
  });

  it('handles English plurals and pluralises the Spanish target', () => {
    expect(terms('Open the files and images')).toEqual([['files', 'archivos'], ['images', 'imágenes']]);
    expect(terms('Two file managers')).toEqual([['file managers', 'gestores de archivos']]);
  });

  it('prefers the longest term and passes do-not-translate terms through verbatim', () => {
    expect(terms('The file manager of GNOME uses Wi-Fi')).toEqual([['file manager', 'gestor de archivos'], ['GNOME', 'GNOME'], ['Wi-Fi', 'Wi-Fi']]);
  });

  it('never matches inside a placeholder', () => {
    const { masked, slots } = mask('Open https://x.org/file and the file', findTerms('Open https://x.org/file and the file', G));
    expect(slots).toEqual(['https://x.org/file', 'archivo']);
    expect(unmask(masked, slots)).toBe('Open https://x.org/file and the archivo');
  });

  it('masks each match into one slot restored as its target, capitalised only at the start of the text', () => {
    fc.assert(fc.property(fc.constantFrom('file', 'files', 'File', 'Files'), fc.constantFrom('Open the', 'Delete this', ''), (w, before) => {
      const text = `${before} ${w} now`.trim();
      const { masked, slots } = mask(text, findTerms(text, G));
      expect(slots).toHaveLength(1);
      expect(masked).not.toMatch(/file/i);
      // Spanish sentence case: a capitalised match gets a capital only at the start of the text.
      const plural = w.toLowerCase().endsWith('s') ? 'archivos' : 'archivo';
      const expected = before === '' && w[0] === 'F' ? plural[0].toUpperCase() + plural.slice(1) : plural;
      expect(slots[0]).toBe(expected);
    }), { numRuns: 50 });
  });
});

describe('plural rules', () => {
  it('forms English plurals', () => {
    expect(['file', 'box', 'policy', 'key', 'bus', 'dish', 'match'].map(englishPlural)).toEqual(['files', 'boxes', 'policies', 'keys', 'buses', 'dishes', 'matches']);
  });

  it('forms Spanish plurals of words and of a term\'s head', () => {
    const cases: [string, string][] = [
      ['archivo', 'archivos'], ['imagen', 'imágenes'], ['botón', 'botones'], ['lápiz', 'lápices'], ['virus', 'virus'],
      ['autobús', 'autobuses'], ['red', 'redes'], ['rey', 'reyes'], ['widget', 'widgets'], ['menú', 'menús'],
      ['volumen', 'volúmenes'], ['opción', 'opciones'], ['tren', 'trenes'], ['carpeta compartida', 'carpetas compartidas'],
      ['barra de herramientas', 'barras de herramientas'], ['red Wi-Fi', 'redes Wi-Fi'], ['correo electrónico', 'correos electrónicos'],
    ];
    for (const [one, many] of cases) expect(spanishPlural(one), one).toBe(many);
  });
});
