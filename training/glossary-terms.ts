/**
 * `npx tsx training/glossary-terms.ts [--corpus training/data/en-es] [--max 400] [--out tests/fixtures/glossary-terms-en-es.json]`
 *
 * Builds the term test set of the glossary evaluation from the test split, with terms whose
 * translation the reference itself uses (the model is never consulted):
 *  1. A bilingual word list from the TRAIN split: for each English word (lowercase, ≥ 4
 *     letters, not a stop word, not ending in "s" so that plurals are derived, ≥ 20 sentences)
 *     the Spanish word of highest Dice coefficient of sentence co-occurrence, kept when
 *     Dice ≥ 0.4 and it looks like a term: ≥ 4 letters, not an infinitive (-ar/-er/-ir), not a
 *     function word or imperative (file → archivo, folder → carpeta, layer → capa, …).
 *  2. Do-not-translate names: words of the English test sentence written with an inner
 *     capital or in capitals (GNOME, LibreOffice, GIMP) that the reference copies verbatim,
 *     outside placeholders.
 *  3. For each test pair (in split order) the first entry of (1) whose English form occurs in
 *     the source (singular or plural, matched by the engine's findTerms) and whose Spanish form
 *     (spanishPlural for a plural match) occurs in the reference, plus the first name of (2).
 * Output: { built_from, cases: [{en, es, glossary: [{source, target}], expected: [{form, plural, dnt}]}] }.
 */
import { parseArgs } from 'node:util';
import { runCli } from '../tools/cli.ts';
import { writeFileAtomic } from '../tools/atomic-write.ts';
import { loadSplit } from './corpus/load.ts';
import { findTerms } from '../src/model/text/glossary.ts';
import { findPlaceholders } from '../src/model/text/placeholders.ts';
import { containsTerm, type TermCase } from './lib/term-compliance.ts';

const STOP = new Set(('this that with from have your will been were they them their there what when which would could should ' +
  'about into than then these those only also some such more most other each every must here just over under does done ' +
  'cannot unable make made used using want need like very been being after before while where because please allow enable ' +
  'without within between through around against across along among during until upon whether either neither').split(' '));
/** Spanish targets that are not terms (function words, imperatives); infinitives (-ar/-er/-ir) are skipped too. */
const NOT_TERMS = new Set('sin para desde hasta entre sobre como cuando donde puede debe pulse haga seleccione elija introduzca escriba use'.split(' '));

const words = (s: string, lower: boolean): string[] => (lower ? s.toLowerCase() : s).match(/\p{L}[\p{L}'-]*\p{L}|\p{L}/gu) ?? [];

runCli('Usage: npx tsx training/glossary-terms.ts [--corpus DIR] [--max N] [--out FILE]', async () => {
  const { values } = parseArgs({ options: {
    corpus: { type: 'string', default: 'training/data/en-es' }, max: { type: 'string', default: '400' },
    out: { type: 'string', default: 'tests/fixtures/glossary-terms-en-es.json' }, help: { type: 'boolean' },
  } });
  const max = Number(values.max);
  if (!Number.isInteger(max) || max < 1) throw new Error(`--max must be a positive integer, got ${values.max}`);
  const train = loadSplit(values.corpus!, 'train');
  const cEn = new Map<string, number>(), cEs = new Map<string, number>(), cPair = new Map<string, Map<string, number>>();
  for (const p of train) {
    const en = new Set(words(p.en, true).filter((w) => w.length >= 4 && !STOP.has(w) && !w.endsWith('s')));
    const es = new Set(words(p.es, true).filter((w) => w.length >= 3));
    for (const w of es) cEs.set(w, (cEs.get(w) ?? 0) + 1);
    for (const e of en) {
      cEn.set(e, (cEn.get(e) ?? 0) + 1);
      let m = cPair.get(e);
      if (!m) cPair.set(e, (m = new Map()));
      for (const s of es) m.set(s, (m.get(s) ?? 0) + 1);
    }
  }
  const lexicon: { source: string; target: string; dice: number }[] = [];
  for (const [e, n] of cEn) {
    if (n < 20) continue;
    let best = '', bestDice = 0;
    for (const [s, k] of cPair.get(e)!) {
      const d = (2 * k) / (n + cEs.get(s)!);
      if (d > bestDice || (d === bestDice && s < best)) { best = s; bestDice = d; }
    }
    if (bestDice >= 0.4 && best !== e && best.length >= 4 && !NOT_TERMS.has(best) && !/(?:ar|er|ir)$/.test(best)) lexicon.push({ source: e, target: best, dice: bestDice });
  }
  lexicon.sort((a, b) => b.dice - a.dice || (a.source < b.source ? -1 : 1));

  const cases: TermCase[] = [];
  for (const p of loadSplit(values.corpus!, 'test')) {
    if (cases.length >= max) break;
    const c: TermCase = { en: p.en, es: p.es, glossary: [], expected: [] };
    for (const entry of lexicon) {
      const spans = findTerms(p.en, [entry]);
      if (spans.length !== 1) continue;
      const plural = spans[0].text.toLowerCase() !== entry.source;
      const form = spans[0].replacement;
      if (!containsTerm(p.es, form)) continue;
      c.glossary.push({ source: entry.source, target: entry.target });
      c.expected.push({ form, plural, dnt: false });
      break;
    }
    const inPlaceholder = (t: { index: number; text: string }) => findPlaceholders(p.en).some((f) => t.index < f.index + f.text.length && f.index < t.index + t.text.length);
    const name = words(p.en, false).find((w) => {
      if (w.length < 3 || !(/^\p{Lu}{3,}$/u.test(w) || /^\p{Lu}\p{Ll}+\p{Lu}/u.test(w)) || !containsTerm(p.es, w)) return false;
      const spans = findTerms(p.en, [{ source: w, target: w }]);
      return spans.length === 1 && !inPlaceholder(spans[0]);
    });
    if (name) {
      c.glossary.push({ source: name, target: name });
      c.expected.push({ form: name, plural: false, dnt: true });
    }
    if (c.glossary.length > 0) cases.push(c);
  }
  const terms = cases.reduce((n, c) => n + c.expected.length, 0);
  const built_from = { corpus: values.corpus, lexicon: lexicon.length, rule: 'training/glossary-terms.ts (Dice >= 0.4 over the train split; reference contains the expected form)' };
  writeFileAtomic(values.out!, JSON.stringify({ built_from, cases }, null, 1) + '\n');
  process.stderr.write(`${cases.length} sentences, ${terms} terms (${cases.reduce((n, c) => n + c.expected.filter((e) => e.plural).length, 0)} plural, ${cases.reduce((n, c) => n + c.expected.filter((e) => e.dnt).length, 0)} do-not-translate), lexicon of ${lexicon.length} words → ${values.out}\n`);
});
