import { describe, expect, it } from 'vitest';
import { cleanPair, LIMITS, normaliseText, stripAccelerators, stripContextPrefix } from '../../training/corpus/clean.ts';

describe('stripAccelerators', () => {
  it.each([
    ['_File', 'File'],
    ['E_xit', 'Exit'],
    ['Save _As…', 'Save As…'],
    ['~Open', 'Open'],
    ['Form control~s', 'Form controls'],
    ['&Save', 'Save'],
    ['Save &As', 'Save As'],
  ])('removes the accelerator of %j', (text, expected) => {
    expect(stripAccelerators(text)).toBe(expected);
  });

  it.each([
    'snake_case identifier',
    'Use MAX_PATH here',
    'Africa/Addis_Ababa',
    'Tom &amp; Jerry',
    'Copy &#38; paste',
    'R&D and AT&T',
    'Fish && chips',
    'Go to ~/Documents',
    'a_b and c_d',
    'one ~a and ~b',
    '__init__',
  ])('keeps %j unchanged', (text) => {
    expect(stripAccelerators(text)).toBe(text);
  });

  it('only strips the marks the source uses', () => {
    expect(stripAccelerators('Balance at ~a', '_')).toBe('Balance at ~a');
    expect(stripAccelerators('_Open ~File', '_')).toBe('Open ~File');
    expect(stripAccelerators('_Open ~File', '~')).toBe('_Open File');
  });
});

describe('normaliseText and stripContextPrefix', () => {
  it('composes to NFC, collapses whitespace (newlines, NBSP) and trims', () => {
    expect(normaliseText(' Cafe\u0301\n\n  con\u00a0 leche\t')).toBe('Café con leche');
  });

  it('removes a leading Wesnoth context prefix only', () => {
    expect(stripContextPrefix('female^Elvish Ranger')).toBe('Elvish Ranger');
    expect(stripContextPrefix('2^10 bytes')).toBe('10 bytes');
    expect(stripContextPrefix('Raise x^2')).toBe('Raise x^2');
  });
});

describe('cleanPair', () => {
  const acc = { accelerators: '_~&' };
  const none = { accelerators: '' };

  it('cleans both sides', () => {
    expect(cleanPair('female^Elvish  _Ranger', 'female^Montaraz _elfa', acc)).toEqual({ en: 'Elvish Ranger', es: 'Montaraz elfa' });
  });

  it('keeps placeholders as raw text', () => {
    expect(cleanPair('Copy %s to <b>{0}</b>', 'Copiar %s en <b>{0}</b>', none)).toEqual({
      en: 'Copy %s to <b>{0}</b>',
      es: 'Copiar %s en <b>{0}</b>',
    });
  });

  it.each([
    ['', 'algo', 'empty'],
    ['Text', '  ', 'empty'],
    ['GIMP', 'GIMP', 'identical'],
    ['_GIMP', 'GIMP', 'identical'],
    ['%s: %d', '%s: %d ', 'identical'],
    ['%s: %d', '%s - %d', 'no-letters'],
    ['Bell\u0007', 'Campana', 'control-chars'],
    ['a'.repeat(LIMITS.maxChars + 1), 'b', 'too-long'],
    ['Short label here', 'b'.repeat(3 * 16 + 1), 'length-ratio'],
  ])('drops %j → %j as %s', (en, es, reason) => {
    expect(cleanPair(en, es, acc)).toEqual({ drop: reason });
  });

  it('keeps short labels whatever their length ratio', () => {
    expect(cleanPair('OK', 'Aceptar', none)).toEqual({ en: 'OK', es: 'Aceptar' });
  });

  it('keeps a pair at exactly the length limits', () => {
    const en = 'x'.repeat(LIMITS.maxChars);
    const es = 'y'.repeat(LIMITS.maxChars);
    expect(cleanPair(en, es, none)).toEqual({ en, es });
    expect(cleanPair('abcdefg', 'z'.repeat(21), none)).toEqual({ en: 'abcdefg', es: 'z'.repeat(21) });
  });
});
