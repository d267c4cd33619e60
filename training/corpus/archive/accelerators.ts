/**
 * Guesses which accelerator marks a catalogue uses, for packages nobody inspected by hand:
 * a mark (`_`, `&` or `~`) counts as an accelerator when at least ACCELERATOR_EVIDENCE.minShare of
 * the entries (and at least minEntries of them) carry exactly one `mark`+letter in both msgid and
 * msgstr, and stripping it (clean.ts stripAccelerators, which keeps identifiers, entities and
 * abbreviations) changes the msgid. Markup such as Wesnoth's `&image=` or Scheme's `~a` shows up
 * far less consistently than a menu's `_File` / `_Archivo`.
 */
import { stripAccelerators } from '../clean.ts';
import type { RawPair } from '../read-gettext.ts';

export const ACCELERATOR_EVIDENCE = { minShare: 0.01, minEntries: 3 } as const;

const single = (text: string, mark: string) => {
  const escaped = mark.replace(/[$()*+.?[\\\]^{|}]/g, '\\$&');
  return (text.match(new RegExp(`${escaped}(?=[\\p{L}\\p{N}])`, 'gu')) ?? []).length === 1;
};

export function detectAccelerators(pairs: readonly RawPair[]): string {
  let marks = '';
  for (const mark of ['_', '&', '~']) {
    let hits = 0;
    for (const { en, es } of pairs) if (single(en, mark) && single(es, mark) && stripAccelerators(en, mark) !== en) hits++;
    if (hits >= ACCELERATOR_EVIDENCE.minEntries && hits >= ACCELERATOR_EVIDENCE.minShare * pairs.length) marks += mark;
  }
  return marks;
}
