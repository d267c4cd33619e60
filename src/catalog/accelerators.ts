/**
 * Keyboard accelerators in UI strings: GTK `_File`, Qt/KDE/Gambas `&Open`, LibreOffice
 * `~Save`. The mark is taken out before translation and put back on a letter of the
 * translation, by this rule (in order, the first that applies):
 *  1. the same letter (case-insensitive) at the start of a word of the translation;
 *  2. the same letter anywhere in a word (where the mark still reads as one, see below);
 *  3. the first letter or digit of the first word;
 *  4. no letter or digit at all: the mark goes in front (the string keeps its mark).
 * Placeholders (printf, tags, entities, {{var}}, URLs…) are never split or marked.
 *
 * A mark counts as an accelerator when it is followed by a letter or digit, is not
 * doubled (`&&`, `__` are literal), is not inside a placeholder (`&amp;`, `%(a_b)s`), and it
 * is the only such mark of the string. A `_` inside a word counts only when the word,
 * without it, is Capitalised (`E_xit`, `Op_en`), or lower-case in a text with spaces
 * (`Gu_ardar como`), so identifiers (`file_name`, `GTK_THEME`) are left alone.
 * Pure TypeScript: runs in Node, workerd and the browser.
 */
import { findPlaceholders } from '../model/text/placeholders.ts';

export type AcceleratorMark = '_' | '&' | '~';
const MARKS: readonly AcceleratorMark[] = ['_', '&', '~'];

/** An accelerator found in a source string. */
export interface Accelerator {
  mark: AcceleratorMark;
  /** The letter it marks, as written. */
  letter: string;
  /** The string without the mark. */
  stripped: string;
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

/** Character ranges covered by placeholders, as a per-index lookup. */
function placeholderMask(text: string): boolean[] {
  const covered = new Array<boolean>(text.length).fill(false);
  for (const p of findPlaceholders(text)) for (let i = p.index; i < p.index + p.text.length; i++) covered[i] = true;
  return covered;
}

/** The word (letters, digits, `_`) around index i. */
function wordAround(text: string, i: number): string {
  let a = i;
  let b = i + 1;
  while (a > 0 && /[\p{L}\p{N}_]/u.test(text[a - 1])) a--;
  while (b < text.length && /[\p{L}\p{N}_]/u.test(text[b])) b++;
  return text.slice(a, b);
}

/** Positions of the marks of `text` that act as accelerators (see the rule above). */
export function acceleratorPositions(text: string): { index: number; mark: AcceleratorMark }[] {
  const covered = placeholderMask(text);
  const found: { index: number; mark: AcceleratorMark }[] = [];
  for (let i = 0; i < text.length - 1; i++) {
    const mark = text[i] as AcceleratorMark;
    if (!MARKS.includes(mark) || covered[i]) continue;
    if (text[i + 1] === mark) { i++; continue; } // doubled: a literal mark
    if (i > 0 && text[i - 1] === mark) continue;
    if (!WORD_CHAR.test(text[i + 1])) continue;
    if (mark === '_' && i > 0 && /[\p{L}\p{N}]/u.test(text[i - 1])) {
      const word = wordAround(text, i);
      const plain = word.replace('_', '');
      if (word.indexOf('_') !== word.lastIndexOf('_')) continue;
      if (!/^\p{Lu}[\p{Ll}\p{N}]*$/u.test(plain) && !(/^[\p{Ll}\p{N}]+$/u.test(plain) && /\s/.test(text))) continue;
    }
    found.push({ index: i, mark });
  }
  return found;
}

/** The accelerator of a source string, when it has exactly one. */
export function findAccelerator(text: string): Accelerator | undefined {
  const found = acceleratorPositions(text);
  if (found.length !== 1) return undefined;
  const { index, mark } = found[0];
  return { mark, letter: text[index + 1], stripped: text.slice(0, index) + text.slice(index + 1) };
}

/** Puts the accelerator's mark back on a letter of `translation` (rule in the file comment). */
export function placeAccelerator(translation: string, acc: Pick<Accelerator, 'mark' | 'letter'>): string {
  const covered = placeholderMask(translation);
  const letter = acc.letter.toLocaleLowerCase();
  const isWordChar = (i: number) => !covered[i] && WORD_CHAR.test(translation[i]);
  const isWordStart = (i: number) => isWordChar(i) && (i === 0 || !WORD_CHAR.test(translation[i - 1]));
  const put = (i: number) => translation.slice(0, i) + acc.mark + translation.slice(i);
  // Candidates in the rule's order; the first that reads back as this string's one accelerator wins.
  const rules = [
    (i: number) => isWordStart(i) && translation[i].toLocaleLowerCase() === letter,
    (i: number) => isWordChar(i) && translation[i].toLocaleLowerCase() === letter,
    isWordStart,
  ];
  for (const rule of rules) {
    for (let i = 0; i < translation.length; i++) {
      if (!rule(i)) continue;
      const out = put(i);
      const found = acceleratorPositions(out);
      if (found.length === 1 && found[0].index === i && found[0].mark === acc.mark) return out;
    }
  }
  return put(0);
}
