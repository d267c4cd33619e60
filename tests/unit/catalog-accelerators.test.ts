/**
 * Accelerator marks (src/catalog/accelerators.ts): which marks count, and where the mark
 * goes back in a translation (the documented rule), plus a property: whatever the
 * translation, the result carries exactly one accelerator and is the translation once the
 * mark is taken out.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { acceleratorPositions, findAccelerator, placeAccelerator } from '../../src/catalog/accelerators.ts';
import { mask } from '../../src/model/text/placeholders.ts';

describe('findAccelerator', () => {
  it('finds GTK, Qt and LibreOffice marks, at word starts and inside words', () => {
    expect(findAccelerator('_File')).toEqual({ mark: '_', letter: 'F', stripped: 'File' });
    expect(findAccelerator('&Open...')).toEqual({ mark: '&', letter: 'O', stripped: 'Open...' });
    expect(findAccelerator('~Save')).toEqual({ mark: '~', letter: 'S', stripped: 'Save' });
    expect(findAccelerator('S&ave As...')?.letter).toBe('a');
    expect(findAccelerator('E_xit')?.stripped).toBe('Exit');
    expect(findAccelerator('Save _As…')?.letter).toBe('A');
  });

  it('ignores doubled marks, entities, placeholders, identifiers, lone marks and ambiguous strings', () => {
    for (const s of ['Tom && Jerry', 'Fish &amp; Chips', '%(file_name)s saved', '{{user_name}} joined', 'file_name', 'GTK_THEME', 'Terms & Conditions', '&?', '_File and &Edit', 'Save __now', '~/Documents']) {
      expect(findAccelerator(s), s).toBeUndefined();
    }
  });
});

describe('placeAccelerator', () => {
  it('puts the mark on the same letter at a word start, else the same letter in a word, else the first word', () => {
    expect(placeAccelerator('Abrir...', { mark: '&', letter: 'O' })).toBe('&Abrir...');
    expect(placeAccelerator('Guardar como…', { mark: '&', letter: 'a' })).toBe('Guardar como…'.replace('Gu', 'Gu&'));
    expect(placeAccelerator('Seleccionar fuente...', { mark: '&', letter: 'F' })).toBe('Seleccionar &fuente...');
    expect(placeAccelerator('Archivo', { mark: '_', letter: 'F' })).toBe('_Archivo');
    expect(placeAccelerator('Salir', { mark: '~', letter: 'x' })).toBe('~Salir');
  });

  it('never marks inside a placeholder', () => {
    expect(placeAccelerator('%s guardado', { mark: '_', letter: 's' })).toBe('%s _guardado');
    expect(placeAccelerator('{{count}} cosas', { mark: '&', letter: 'c' })).toBe('{{count}} &cosas');
  });

  it('gives every translation with a letter or digit outside its placeholders exactly one accelerator, which strips back to the translation', () => {
    const word = fc.stringMatching(/^[a-zA-ZáéíóúñÁÉÍÓÚÑ0-9]{1,8}$/);
    const text = fc.array(fc.oneof(word, fc.constantFrom('%s', '{{n}}', '%d', '…', '.', '¿', '?', ',')), { minLength: 1, maxLength: 6 }).map((parts) => parts.join(' '));
    fc.assert(
      fc.property(text, fc.constantFrom('_', '&', '~'), fc.stringMatching(/^[a-zA-Z]$/), (translation, mark, letter) => {
        fc.pre(/[\p{L}\p{N}]/u.test(mask(translation).masked)); // something outside placeholders (numbers are placeholders too)
        const out = placeAccelerator(translation, { mark: mark as '_' | '&' | '~', letter });
        const found = acceleratorPositions(out);
        expect(found).toHaveLength(1);
        expect(found[0].mark).toBe(mark);
        expect(findAccelerator(out)?.stripped).toBe(translation);
      }),
      { numRuns: 500 },
    );
  });
});
