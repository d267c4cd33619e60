/**
 * Cleaning rules applied to every raw (English, Spanish) pair before it enters
 * the corpus. Text keeps its placeholders (masking happens at training time).
 *
 * Rules, in order:
 *  1. strip a Wesnoth-style context prefix `word^` at the start (`female^Elvish Ranger`);
 *  2. remove accelerator marks (only for sources that use them, see stripAccelerators);
 *  3. normalise: Unicode NFC, every whitespace run (spaces, tabs, newlines, NBSP) → one
 *     space, trim;
 *  4. drop the pair if a side is empty, if es === en, if the English has no letter outside
 *     its placeholders (`%s: %d`, `{0} - {1}`, see src/model/text/placeholders.ts),
 *     if either side contains a C0/C1 control character, if either side is longer than
 *     LIMITS.maxChars code points, or if the longer side is more than LIMITS.maxRatio
 *     times the shorter one while the longer one has at least LIMITS.ratioMinChars code points.
 */

import { mask } from '../../src/model/text/placeholders.ts';

export const LIMITS = {
  /** Longest side kept, in code points. */
  maxChars: 400,
  /** Longest-to-shortest length ratio kept... */
  maxRatio: 3,
  /** ...when the longer side has at least this many code points (short UI labels vary a lot). */
  ratioMinChars: 20,
} as const;

export type DropReason = 'empty' | 'identical' | 'no-letters' | 'control-chars' | 'too-long' | 'length-ratio';

export interface CleanOptions {
  /**
   * Which accelerator marks this source uses, any of `_` (GTK, LibreOffice .ui), `~` (LibreOffice)
   * and `&` (Qt, wx); '' for none. Per source, because the same characters are format
   * directives elsewhere (`~a` in GnuCash's Scheme, `&` in Wesnoth markup).
   */
  accelerators: string;
}

export type CleanResult = { en: string; es: string } | { drop: DropReason };

export function cleanPair(rawEn: string, rawEs: string, options: CleanOptions): CleanResult {
  let en = stripContextPrefix(rawEn);
  let es = rawEs.startsWith(contextPrefixOf(rawEn)) ? stripContextPrefix(rawEs) : rawEs;
  if (options.accelerators) {
    en = stripAccelerators(en, options.accelerators);
    es = stripAccelerators(es, options.accelerators);
  }
  en = normaliseText(en);
  es = normaliseText(es);
  if (en === '' || es === '') return { drop: 'empty' };
  if (en === es) return { drop: 'identical' };
  if (!/\p{L}/u.test(mask(en).masked)) return { drop: 'no-letters' };
  if (CONTROL.test(en) || CONTROL.test(es)) return { drop: 'control-chars' };
  const lenEn = codePoints(en);
  const lenEs = codePoints(es);
  if (lenEn > LIMITS.maxChars || lenEs > LIMITS.maxChars) return { drop: 'too-long' };
  const longer = Math.max(lenEn, lenEs);
  const shorter = Math.min(lenEn, lenEs);
  if (longer >= LIMITS.ratioMinChars && longer > LIMITS.maxRatio * shorter) return { drop: 'length-ratio' };
  return { en, es };
}

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

function codePoints(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** NFC, collapse every whitespace run (including newlines and NBSP) to one space, trim. */
export function normaliseText(text: string): string {
  return text.normalize('NFC').replace(/\s+/gu, ' ').trim();
}

const CONTEXT_PREFIX = /^[A-Za-z0-9_-]+\^/;

function contextPrefixOf(text: string): string {
  return CONTEXT_PREFIX.exec(text)?.[0] ?? '\u0000none';
}

/** Removes a leading `context^` disambiguation prefix (Wesnoth's sgettext convention). */
export function stripContextPrefix(text: string): string {
  return text.replace(CONTEXT_PREFIX, '');
}

/**
 * Removes one accelerator mark per kind, only when the string has exactly one
 * candidate of that kind (several marks of one kind means the character is text):
 *  - `_` before a letter/digit (GTK, LibreOffice .ui): `_File`, `E_xit`, `Save _As`. Kept when
 *    the word is an identifier (`snake_case`, `MAX_PATH`, `Addis_Ababa`: a letter before and a
 *    capital after), a path (`Africa/Addis_Ababa`), and for `__` (a literal underscore).
 *  - `~` before a letter/digit (LibreOffice): `~Open`, `Form control~s`. `~/path` is untouched.
 *  - `&` before a letter/digit (Qt, wx): `&Save`, `Save &As`. Entities (`&amp;`, `&#38;`),
 *    `&&` and all-caps abbreviations (`R&D`, `AT&T`) are untouched.
 */
export function stripAccelerators(text: string, marks = '_~&'): string {
  let out = text;
  if (marks.includes('_')) out = stripUnderscore(out);
  if (marks.includes('~')) out = stripTilde(out);
  if (marks.includes('&')) out = stripAmpersand(out);
  return out;
}

const WORDCHAR = /[\p{L}\p{N}]/u;

function onlyCandidate(text: string, re: RegExp): number | undefined {
  const found = [...text.matchAll(re)];
  return found.length === 1 ? found[0].index : undefined;
}

function stripUnderscore(text: string): string {
  const at = onlyCandidate(text, /_(?=[\p{L}\p{N}])/gu);
  if (at === undefined || text.split('_').length !== 2) return text;
  if (/\p{L}/u.test(text[at - 1] ?? '') && /\p{Lu}/u.test(text[at + 1])) return text;
  const word = wordAround(text, at);
  if (isIdentifierWord(word) || word.includes('/')) return text;
  return text.slice(0, at) + text.slice(at + 1);
}

function wordAround(text: string, at: number): string {
  let start = at;
  while (start > 0 && !/\s/.test(text[start - 1])) start--;
  let end = at;
  while (end < text.length && !/\s/.test(text[end])) end++;
  return text.slice(start, end).replace(/^[^\p{L}\p{N}_]+|[^\p{L}\p{N}_]+$/gu, '');
}

function isIdentifierWord(word: string): boolean {
  return /^[\p{Ll}\p{N}]+(?:_[\p{Ll}\p{N}]+)+$/u.test(word) || /^[\p{Lu}\p{N}]+(?:_[\p{Lu}\p{N}]+)+$/u.test(word);
}

function stripTilde(text: string): string {
  const at = onlyCandidate(text, /~(?=[\p{L}\p{N}])/gu);
  if (at === undefined || text.split('~').length !== 2) return text;
  return text.slice(0, at) + text.slice(at + 1);
}

const ENTITY = /^&(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#x[0-9A-Fa-f]+);/;

function stripAmpersand(text: string): string {
  const candidates: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '&') continue;
    if (text[i + 1] === '&') {
      i++;
      continue;
    }
    if (!WORDCHAR.test(text[i + 1] ?? '') || ENTITY.test(text.slice(i))) continue;
    candidates.push(i);
  }
  if (candidates.length !== 1) return text;
  const at = candidates[0];
  if (/\p{Lu}/u.test(text[at - 1] ?? '') && /\p{Lu}/u.test(text[at + 1] ?? '')) return text;
  return text.slice(0, at) + text.slice(at + 1);
}
