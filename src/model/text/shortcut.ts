/**
 * Keyboard shortcuts as placeholders: `Ctrl+S`, `Alt+F4`, `Shift+Tab`, `Ctrl+Shift+Z`,
 * `Ctrl+Alt+Delete`, `Alt-F4`, and the function keys `F1`…`F24` on their own. They are copied
 * verbatim like printf formats (a translated shortcut no longer works).
 *
 * A shortcut is one or more modifiers, each followed by `+` or `-`, then one key: a letter,
 * a digit, a named key (Tab, Enter, PageUp, F5, …), a modifier (`Ctrl+Shift`) or one
 * punctuation key. Modifier and key names are matched in Title, UPPER and lower case.
 * It must not touch a letter, digit or `_` on either side, so `alt-text` or `Shift-click` stay
 * words. Pure TypeScript; placeholders.ts puts this pattern among its alternatives.
 */

const MODIFIERS = ['Ctrl', 'Control', 'Alt', 'AltGr', 'Shift', 'Super', 'Meta', 'Cmd', 'Command', 'Option', 'Opt', 'Win', 'Fn', 'Hyper'];
const NAMED_KEYS = [
  'Tab', 'Enter', 'Return', 'Esc', 'Escape', 'Space', 'Spacebar', 'Backspace', 'Delete', 'Del', 'Insert', 'Ins',
  'Home', 'End', 'PageUp', 'PageDown', 'PgUp', 'PgDn', 'Up', 'Down', 'Left', 'Right', 'Plus', 'Minus',
  'PrtSc', 'PrintScreen', 'Print', 'Pause', 'Break', 'Menu', 'ScrollLock', 'NumLock', 'CapsLock',
];

/** Title, UPPER and lower case of each name, longest first so alternation prefers them. */
const variants = (names: readonly string[]): string =>
  [...new Set(names.flatMap((n) => [n, n.toUpperCase(), n.toLowerCase()]))].sort((a, b) => b.length - a.length).join('|');

const FUNCTION_KEY = String.raw`[Ff](?:2[0-4]|1[0-9]|[1-9])`;
const MODIFIER = `(?:${variants(MODIFIERS)})`;
const PUNCTUATION_KEY = String.raw`[-+=,./;'\[\]\\` + '`]';
const KEY = `(?:${FUNCTION_KEY}|${variants(NAMED_KEYS)}|${MODIFIER}|[A-Za-z0-9]|${PUNCTUATION_KEY})`;
const EDGE_BEFORE = String.raw`(?<![\p{L}\p{N}_])`;
const EDGE_AFTER = String.raw`(?![\p{L}\p{N}_])`;

/** A regex source (for the `u` flag) matching one shortcut or one standalone function key. */
export const SHORTCUT_PATTERN = `${EDGE_BEFORE}(?:(?:${MODIFIER}[+-])+${KEY}|F(?:2[0-4]|1[0-9]|[1-9]))${EDGE_AFTER}`;
