/**
 * Keyboard shortcuts are placeholders: generated shortcuts (modifiers + key, function keys)
 * inside real sentences are masked whole into one slot each and restored verbatim, words
 * such as `alt-text` or `Shift-click` stay text, and the masking of the other placeholder
 * kinds is unchanged.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { findPlaceholders, mask, unmask } from '../../src/model/text/placeholders.ts';

const modifier = fc.constantFrom('Ctrl', 'Alt', 'Shift', 'Super', 'Meta', 'Cmd', 'CTRL', 'ctrl', 'AltGr', 'Fn');
const key = fc.oneof(
  fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'.split('')),
  fc.constantFrom('Tab', 'Enter', 'Esc', 'Space', 'Backspace', 'Delete', 'Home', 'End', 'PageUp', 'PageDown', 'Up', 'Left', 'Plus', 'Minus', '.', ',', '-', '+', '/'),
  fc.integer({ min: 1, max: 24 }).map((n) => `F${n}`),
);
const shortcut = fc.oneof(
  fc.tuple(fc.uniqueArray(modifier, { minLength: 1, maxLength: 3 }), fc.constantFrom('+', '-'), key).map(([mods, sep, k]) => [...mods, k].join(sep)),
  fc.integer({ min: 1, max: 24 }).map((n) => `F${n}`),
);
const SENTENCES: ((s: string) => string)[] = [
  (s) => `Press ${s} to save your work.`,
  (s) => `Use ${s} to undo the last change`,
  (s) => `${s} opens the help browser.`,
  (s) => `To close the window, press ${s}.`,
  (s) => `Shortcut: ${s}`,
  (s) => `Press %s or ${s} (see <b>Keys</b>) to continue`,
];

describe('keyboard shortcuts as placeholders', () => {
  it('masks a generated shortcut in a real sentence as one slot and restores it verbatim', () => {
    fc.assert(
      fc.property(shortcut, fc.nat(SENTENCES.length - 1), (sc, i) => {
        const text = SENTENCES[i](sc);
        const { masked, slots } = mask(text);
        expect(slots).toContain(sc);
        expect(masked).not.toContain(sc);
        expect(unmask(masked, slots)).toBe(text);
        // The translation keeps the shortcut whatever the model does with the words around it.
        const translated = masked.replace(/Press|press/g, 'Pulse').replace('to save your work', 'para guardar su trabajo');
        expect(unmask(translated, slots)).toContain(sc);
      }),
      { numRuns: 400 },
    );
  });

  it('keeps Ctrl+S in "Press Ctrl+S to save"', () => {
    expect(mask('Press Ctrl+S to save')).toEqual({ masked: 'Press \uE000 to save', slots: ['Ctrl+S'] });
  });

  it('masks the shortcuts of the issue whole', () => {
    for (const sc of ['Ctrl+S', 'Alt+F4', 'Shift+Tab', 'Ctrl+Shift+Z', 'F1', 'Ctrl+Alt+Delete', 'Alt-F4', 'F12']) {
      expect(findPlaceholders(`Press ${sc} now.`).map((f) => f.text)).toEqual([sc]);
    }
  });

  it('leaves hyphenated words and plain words alone', () => {
    for (const text of ['Set the alt-text of the image', 'Shift-click to select a range', 'Control the Alt key', 'Fn keys', 'a super-user account', 'Formula F1A']) {
      expect(findPlaceholders(text).map((f) => f.text), text).toEqual([]);
    }
  });

  it('leaves the masking of the other placeholder kinds unchanged', () => {
    expect(mask('Copy %1$s to %s at {0} on 2.5 of <b>$HOME</b>').slots).toEqual(['%1$s', '%s', '{0}', '2.5', '<b>', '$HOME', '</b>']);
    expect(mask('Visit https://example.org/F1 or mail a@b.org').slots).toEqual(['https://example.org/F1', 'a@b.org']);
  });
});
