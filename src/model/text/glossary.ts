/**
 * Terminology by placeholder-style term injection: every match of a glossary entry's English
 * term is masked like a placeholder, with the slot holding the entry's Spanish target, so the
 * search's exactly-once placeholder constraint puts the target in the output exactly once,
 * where the model places the sentinel (its attention decides the position, as for `%s`).
 * The engine first translates without injection and keeps that translation when it already
 * carries every target (satisfiesTerms): injection hides the word from the model, which then
 * drops articles and keeps English word order, so it is used only where it is needed.
 *
 * Matching (findTerms):
 *  - on word boundaries: no letter, digit or `_` may touch a match on either side;
 *  - case-aware: a term with a capital letter (`GNOME`, `Wi-Fi`) matches only as written; an
 *    all-lowercase term also matches with its first letter capitalised (sentence start) and in
 *    Title Case (`Tool Bar` for `tool bar`);
 *  - English plurals: the last word of the term also matches in its plural (englishPlural);
 *  - longest match first; entries never overlap each other or a placeholder.
 * Target form (targetFor):
 *  - do-not-translate (target === source): the matched text verbatim (case and plural kept);
 *  - a plural match gets the Spanish plural of the target (spanishPlural);
 *  - a capitalised match at the start of the text capitalises the target's first letter.
 *
 * Pure TypeScript: used by the engine (Worker and CLI).
 */
import type { ReplacedSpan } from './placeholders.ts';

/** One terminology entry (the engine's GlossaryEntry). */
export interface Term {
  source: string;
  target: string;
}

const WORD = String.raw`[\p{L}\p{N}_]`;
const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const upperFirst = (s: string): string => (s ? s[0].toUpperCase() + s.slice(1) : s);
const isLowercase = (s: string): boolean => s === s.toLowerCase();

/** English plural of one word: box → boxes, policy → policies, file → files, leaf stays regular (leafs). */
export function englishPlural(word: string): string {
  if (/(?:s|x|z|ch|sh)$/i.test(word)) return word + (word === word.toUpperCase() && /[A-Z]/.test(word) ? 'ES' : 'es');
  if (/[^aeiou]y$/i.test(word)) return word.slice(0, -1) + (word.endsWith('Y') ? 'IES' : 'ies');
  return word + (word === word.toUpperCase() && /[A-Z]/.test(word) ? 'S' : 's');
}

/** Prepositions and conjunctions that end the pluralised head of a Spanish term. */
const HEAD_END = new Set(['de', 'del', 'para', 'en', 'con', 'a', 'al', 'por', 'sin', 'y', 'o', 'e', 'u', 'entre', 'sobre']);
const STRESSED = 'áéíóú';
const PLAIN: Record<string, string> = { á: 'a', é: 'e', í: 'i', ó: 'o', ú: 'u' };
const ACCENTED: Record<string, string> = { a: 'á', e: 'é', i: 'í', o: 'ó', u: 'ú' };

/**
 * Spanish plural of one word (RAE's general rules):
 *  - unstressed or stressed final vowel → +s (archivo → archivos, menú → menús);
 *  - final -z → -ces (vez → veces);
 *  - final -s or -x: unchanged when the last syllable is unstressed (virus, tórax); +es
 *    with the written accent dropped when it carries one (autobús → autobuses);
 *  - a written accent on the last syllable before a final consonant is dropped (botón → botones);
 *  - an unaccented word of two or more syllables ending in -n gains an accent on its
 *    stressed vowel, which becomes the antepenultimate (imagen → imágenes, volumen → volúmenes);
 *  - -n, -l, -r, -d, -j and -y after a vowel → +es (red → redes, rey → reyes);
 *  - other final consonants (loan words) → +s (widget → widgets, clic → clics).
 * Words with a capital letter or a digit (names, acronyms) are left as they are.
 */
export function spanishPluralWord(word: string): string {
  if (!word || /[\p{Lu}\p{N}]/u.test(word) || !/\p{L}$/u.test(word)) return word;
  const last = word[word.length - 1];
  const lower = last.toLowerCase();
  if ('aeiou'.includes(lower) || STRESSED.includes(lower)) return word + 's';
  if (lower === 'z') return word.slice(0, -1) + 'ces';
  let accentAt = -1;
  for (let i = 0; i < word.length; i++) if (STRESSED.includes(word[i])) accentAt = i;
  const vowelGroups = word.match(/[aeiouáéíóúü]+/gi) ?? [];
  const accentInLastSyllable = accentAt >= 0 && !/[aeiouáéíóúü]/i.test(word.slice(accentAt + 1).replace(/[^aeiouáéíóúü]+$/i, ''));
  if (lower === 's' || lower === 'x') {
    if (!accentInLastSyllable) return word;
    return word.slice(0, accentAt) + PLAIN[word[accentAt]] + word.slice(accentAt + 1) + 'es';
  }
  if (accentInLastSyllable) return word.slice(0, accentAt) + PLAIN[word[accentAt]] + word.slice(accentAt + 1) + 'es';
  if ('nlrdjy'.includes(lower)) {
    if (lower === 'n' && accentAt < 0 && vowelGroups.length >= 2) {
      // The stressed (penultimate) syllable's vowel: the last vowel of the second-to-last group.
      const groups = [...word.matchAll(/[aeiouü]+/gi)];
      const g = groups[groups.length - 2];
      const at = g.index! + g[0].length - 1;
      const v = word[at].toLowerCase();
      if (ACCENTED[v]) return word.slice(0, at) + ACCENTED[v] + word.slice(at + 1) + 'es';
    }
    return word + 'es';
  }
  return word + 's';
}

/** Spanish plural of a term: every word of its head (up to the first preposition) is pluralised. */
export function spanishPlural(term: string): string {
  const parts = term.split(/(\s+)/);
  let inHead = true;
  return parts.map((p) => {
    if (!inHead || /^\s+$/.test(p) || p === '') return p;
    if (HEAD_END.has(p.toLowerCase())) { inHead = false; return p; }
    return spanishPluralWord(p);
  }).join('');
}

interface Form {
  text: string;
  plural: boolean;
  capitalised: boolean;
}

/** The surface forms an entry matches (see the file comment). */
function forms(source: string): Form[] {
  const words = source.split(/(\s+)/);
  const pluralOf = (s: string): string => {
    const w = s.split(/(\s+)/);
    w[w.length - 1] = englishPlural(w[w.length - 1]);
    return w.join('');
  };
  const bases: { text: string; capitalised: boolean }[] = [{ text: source, capitalised: false }];
  if (isLowercase(source) && /\p{Ll}/u.test(source)) {
    bases.push({ text: upperFirst(source), capitalised: true });
    bases.push({ text: words.map(upperFirst).join(''), capitalised: true });
  }
  const out: Form[] = [];
  for (const b of bases) {
    out.push({ text: b.text, plural: false, capitalised: b.capitalised });
    if (/\p{L}$/u.test(b.text)) out.push({ text: pluralOf(b.text), plural: true, capitalised: b.capitalised });
  }
  const seen = new Set<string>();
  return out.filter((f) => !seen.has(f.text) && seen.add(f.text));
}

/**
 * The Spanish text a match of `term` in the form `form` (matched as `matched`) becomes.
 * Spanish writes UI labels in sentence case, so a capitalised match gets a capitalised target
 * only at the start of the text (`File Manager` → `Gestor de archivos`, `15 Files` → `15 archivos`).
 */
function targetFor(term: Term, form: Form, matched: string, atStart: boolean): string {
  if (term.target === term.source) return matched;
  let t = form.plural ? spanishPlural(term.target) : term.target;
  if (form.capitalised && atStart && isLowercase(t[0] ?? '')) t = upperFirst(t);
  return t;
}

/**
 * Whether `translation` already carries every term of `spans` (each target form at least as
 * often as it was matched, on word boundaries, first letter in either case). The engine then
 * keeps the unconstrained translation, which reads better than an injected one.
 */
export function satisfiesTerms(translation: string, spans: readonly ReplacedSpan[]): boolean {
  const need = new Map<string, number>();
  for (const s of spans) need.set(s.replacement, (need.get(s.replacement) ?? 0) + 1);
  for (const [form, n] of need) {
    const first = form[0] ?? '';
    const head = first.toLowerCase() === first.toUpperCase() ? escapeRe(first) : `[${escapeRe(first.toLowerCase())}${escapeRe(first.toUpperCase())}]`;
    const found = translation.match(new RegExp(`(?<!${WORD})${head}${escapeRe(form.slice(1))}(?!${WORD})`, 'gu'))?.length ?? 0;
    if (found < n) return false;
  }
  return true;
}

/** The glossary matches of `text` as spans to mask, left to right, non-overlapping, longest first. */
export function findTerms(text: string, glossary: readonly Term[]): ReplacedSpan[] {
  const candidates: (ReplacedSpan & { order: number })[] = [];
  glossary.forEach((term, order) => {
    if (!term.source.trim()) return;
    for (const form of forms(term.source.trim())) {
      const re = new RegExp(`(?<!${WORD})${escapeRe(form.text)}(?!${WORD})`, 'gu');
      for (const m of text.matchAll(re)) {
        const atStart = !/[\p{L}\p{N}]/u.test(text.slice(0, m.index!));
        candidates.push({ index: m.index!, text: m[0], replacement: targetFor(term, form, m[0], atStart), order });
      }
    }
  });
  candidates.sort((a, b) => b.text.length - a.text.length || a.index - b.index || a.order - b.order);
  const taken: ReplacedSpan[] = [];
  for (const c of candidates) {
    if (taken.some((t) => c.index < t.index + t.text.length && t.index < c.index + c.text.length)) continue;
    taken.push({ index: c.index, text: c.text, replacement: c.replacement });
  }
  return taken.sort((a, b) => a.index - b.index);
}
