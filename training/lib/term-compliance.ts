/**
 * Term compliance of translations on a term test set: a term is met when the form its
 * reference uses (`expected`, e.g. the Spanish plural for a plural match) occurs in the
 * translation on word boundaries, with its first letter in either case.
 */
import type { GlossaryEntry } from '../../src/model/translation.ts';

/** One sentence of the term test set (tests/fixtures/glossary-terms-en-es.json). */
export interface TermCase {
  en: string;
  es: string;
  glossary: GlossaryEntry[];
  /** The target forms the reference uses, one per term occurrence. */
  expected: { form: string; plural: boolean; dnt: boolean }[];
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whether `form` occurs in `text` on word boundaries (first letter in either case). */
export function containsTerm(text: string, form: string): boolean {
  const first = form[0] ?? '';
  const head = first.toLowerCase() === first.toUpperCase() ? escapeRe(first) : `[${escapeRe(first.toLowerCase())}${escapeRe(first.toUpperCase())}]`;
  return new RegExp(`(?<![\\p{L}\\p{N}_])${head}${escapeRe(form.slice(1))}(?![\\p{L}\\p{N}_])`, 'u').test(text);
}

export function termCompliance(cases: readonly TermCase[], hyps: readonly string[]) {
  let terms = 0, met = 0, plural = 0, pluralMet = 0, dnt = 0, dntMet = 0;
  cases.forEach((c, i) => {
    for (const e of c.expected) {
      const ok = containsTerm(hyps[i], e.form);
      terms++; if (ok) met++;
      if (e.plural) { plural++; if (ok) pluralMet++; }
      if (e.dnt) { dnt++; if (ok) dntMet++; }
    }
  });
  return { terms, met, plural, pluralMet, dnt, dntMet };
}
