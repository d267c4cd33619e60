/**
 * `npx tsx training/eval-features.ts [--model weights/en-es] [--part placeholders,segmentation,glossary] [--split DIR:NAME] [--every K] [--limit N] [--beam 5] [--out FILE]`
 *
 * Measures the engine's decoding features of issues 16 and 17 by running variants of the
 * same engine over fixed sets, and prints one markdown table per part (and, with --out, the
 * figures as JSON, written atomically):
 *  - placeholders: a test split (--split, default today's training/data/en-es:test; the archive's
 *    stratified one is training/data/en-es-archive:test-broad) without any feature, with the placeholder constraint, and
 *    with constraint + segmentation (the shipped default): BLEU, chrF, outputs whose
 *    placeholders (findPlaceholders, as a multiset) differ from the source's, and the
 *    Spearman ρ of `confidence` with sentence chrF;
 *  - segmentation: the texts of gnome-user-docs (out of domain, help pages) that have two or
 *    more sentences, with and without segmentation (the others are translated identically);
 *  - glossary: the term test set (tests/fixtures/glossary-terms-en-es.json) with and without its
 *    glossary: BLEU, chrF and term compliance (the expected target form in the output).
 * Progress bars on stderr. Run it under `nice -n 10`.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { runCli } from '../tools/cli.ts';
import { loadEngine } from '../tools/load-engine.ts';
import { writeFileAtomic } from '../tools/atomic-write.ts';
import { initBackend } from '../src/backend/node-wasm.ts';
import { loadSplit } from './corpus/load.ts';
import { decodeJsonlGz } from './corpus/jsonl-gz.ts';
import { corpusBleu } from '../src/metrics/bleu.ts';
import { corpusChrf, sentenceChrf } from '../src/metrics/chrf.ts';
import { findPlaceholders, placeholdersIntact } from '../src/model/text/placeholders.ts';
import { segmentText } from '../src/model/text/segment.ts';
import { DEFAULT_ALPHA } from '../src/model/search/length-penalty.ts';
import type { EngineFeatures, TranslationEngine } from '../src/model/engine.ts';
import type { GlossaryEntry } from '../src/model/translation.ts';
import { spearman } from './lib/spearman.ts';
import { termCompliance, type TermCase } from './lib/term-compliance.ts';

const HELP = `Usage: npx tsx training/eval-features.ts [--model DIR] [--part LIST] [--limit N] [--beam N] [--out FILE]
  --model DIR   model folder (default weights/en-es)
  --part LIST   comma-separated: placeholders, segmentation, glossary (default all three)
  --split S     test split for the placeholder part, DIR:NAME (default training/data/en-es:test;
                also training/data/en-es-archive:test-broad)
  --every K     only every K-th sentence of the test split and of the term set (default 1: all)
  --limit N     at most N sentences of each set (after --every)
  --beam N      beam size (default 5); alpha is the default ${DEFAULT_ALPHA}
  --out FILE    also write the figures as JSON`;

interface Run { hyps: string[]; confidences: number[]; seconds: number; translated: number }

/**
 * Translates `srcs` with `features`; with `reuse`, only the texts where `differs(i)` are
 * translated and the others are copied from `reuse` (they would be translated identically:
 * e.g. a text that is one sentence, with or without segmentation).
 */
function run(engine: TranslationEngine, features: EngineFeatures, srcs: readonly string[], beam: number, label: string, glossaries?: readonly (readonly GlossaryEntry[])[], reuse?: { run: Run; differs: (i: number) => boolean }): Run {
  Object.assign(engine.features, features);
  const todo = srcs.map((_, i) => i).filter((i) => !reuse || reuse.differs(i));
  const bar = new cliProgress.SingleBar({ format: `${label} |{bar}| {value}/{total} | ETA {eta_formatted}`, stream: process.stderr, noTTYOutput: true, notTTYSchedule: 30000 }, cliProgress.Presets.shades_classic);
  bar.start(todo.length, 0);
  const t0 = performance.now();
  const hyps = reuse ? [...reuse.run.hyps] : new Array<string>(srcs.length);
  const confidences = reuse ? [...reuse.run.confidences] : new Array<number>(srcs.length);
  todo.forEach((i, n) => {
    const [r] = engine.translate([srcs[i]], { beam, nbest: 1, alpha: DEFAULT_ALPHA, attention: false, glossary: glossaries?.[i] });
    hyps[i] = r.translation;
    confidences[i] = r.confidence ?? NaN;
    if (n % 10 === 0) bar.update(n);
  });
  bar.update(todo.length);
  bar.stop();
  return { hyps, confidences, seconds: (performance.now() - t0) / 1000, translated: todo.length };
}

/** Whether segmentation can change the translation of `s` (it is not one sentence spanning the whole text). */
const segmentable = (s: string): boolean => {
  const pieces = segmentText(s);
  return !(pieces.length === 1 && pieces[0].sentence && pieces[0].text === s);
};

const placeholderKey = (s: string): string => findPlaceholders(s).map((f) => f.text).sort().join('\u0000');
const fmt = (x: number, d = 2) => x.toFixed(d);

runCli(HELP, async () => {
  const { values } = parseArgs({ options: {
    model: { type: 'string', default: 'weights/en-es' }, part: { type: 'string', default: 'placeholders,segmentation,glossary' },
    limit: { type: 'string' }, every: { type: 'string', default: '1' }, beam: { type: 'string', default: '5' }, split: { type: 'string', default: 'training/data/en-es:test' }, out: { type: 'string' }, help: { type: 'boolean' },
  } });
  const parts = values.part!.split(',');
  for (const p of parts) if (!['placeholders', 'segmentation', 'glossary'].includes(p)) throw new Error(`--part: unknown part "${p}"`);
  const beam = Number(values.beam);
  if (!Number.isInteger(beam) || beam < 1 || beam > 16) throw new Error(`--beam must be an integer in 1..16, got ${values.beam}`);
  const limit = values.limit === undefined ? Infinity : Number(values.limit);
  if (!(limit >= 1)) throw new Error(`--limit must be a positive integer, got ${values.limit}`);
  const every = Number(values.every);
  if (!Number.isInteger(every) || every < 1) throw new Error(`--every must be a positive integer, got ${values.every}`);
  const [splitDir, splitName] = values.split!.split(':');
  if (!splitDir || (splitName !== 'test' && splitName !== 'test-broad')) throw new Error(`--split must be DIR:test or DIR:test-broad, got ${values.split}`);
  if (!fs.existsSync(splitDir)) throw new Error(`--split: no corpus folder ${splitDir}`);
  const sample = <T>(xs: readonly T[]): T[] => xs.filter((_, i) => i % every === 0).slice(0, limit);
  await initBackend('wasm');
  const engine = await loadEngine(values.model!);
  const out: Record<string, unknown> = { model: engine.manifest.model_id, beam, alpha: DEFAULT_ALPHA, every, limit: values.limit ?? null };
  const save = () => { if (values.out) writeFileAtomic(values.out, JSON.stringify(out, null, 2) + '\n'); };
  const score = (hyps: string[], refs: string[]) => ({ bleu: corpusBleu(hyps, [refs]).score, chrf: corpusChrf(hyps, [refs]).score });
  try {
    if (parts.includes('placeholders')) {
      const pairs = sample(loadSplit(splitDir, splitName));
      const srcs = pairs.map((p) => p.en), refs = pairs.map((p) => p.es);
      const withPh = srcs.filter((s) => findPlaceholders(s).length > 0).length;
      const before = run(engine, { placeholderConstraint: false, segmentation: false }, srcs, beam, 'before');
      const constrained = run(engine, { placeholderConstraint: true, segmentation: false }, srcs, beam, 'constraint');
      const both = run(engine, { placeholderConstraint: true, segmentation: true }, srcs, beam, 'constraint + segmentation', undefined, { run: constrained, differs: (i) => segmentable(srcs[i]) });
      const rows = ([['no constraint, no segmentation (before)', before], ['placeholder constraint', constrained], ['constraint + segmentation (default)', both]] as const).map(([name, r]) => {
        const broken = r.hyps.filter((h, i) => placeholderKey(h) !== placeholderKey(srcs[i])).length;
        const notIntact = r.hyps.filter((h, i) => !placeholdersIntact(srcs[i], h)).length;
        const chrfs = r.hyps.map((h, i) => sentenceChrf(h, [refs[i]]).score);
        const brokenExamples = r.hyps.map((h, i) => ({ source: srcs[i], translation: h })).filter((x) => placeholderKey(x.translation) !== placeholderKey(x.source)).slice(0, 20);
        const notIntactExamples = r.hyps.map((h, i) => ({ source: srcs[i], translation: h })).filter((x) => !placeholdersIntact(x.source, x.translation)).slice(0, 20);
        return { name, ...score(r.hyps, refs), broken, notIntact, notIntactExamples, rho: spearman(r.confidences, chrfs), seconds: r.seconds, translated: r.translated, brokenExamples };
      });
      out.placeholders = { split: values.split, sentences: srcs.length, withPlaceholders: withPh, rows };
      save();
      console.log(`\nTest split ${values.split}${every > 1 ? `, every ${every}th sentence` : ''}: ${srcs.length} sentences (${withPh} with placeholders), beam ${beam}, α ${DEFAULT_ALPHA}\n`);
      console.log('| variant | BLEU | chrF | outputs whose placeholders differ from the source | not intact (placeholdersIntact: a source placeholder missing, altered or repeated, or one invented) | Spearman ρ(confidence, sentence chrF) | texts translated (others reused) |');
      console.log('|---|---|---|---|---|---|---|');
      for (const r of rows) console.log(`| ${r.name} | ${fmt(r.bleu)} | ${fmt(r.chrf)} | ${r.broken} | ${r.notIntact} | ${fmt(r.rho, 3)} | ${r.translated} |`);
    }
    if (parts.includes('segmentation')) {
      // Only texts of two or more sentences can change: a one-sentence text is translated identically either way.
      const all = decodeJsonlGz<{ en: string; es: string }>(fs.readFileSync('training/data/en-es/ood-gnome-user-docs.jsonl.gz'));
      const pairs = all.filter((p) => segmentCount(p.en) > 1).slice(0, limit);
      const srcs = pairs.map((p) => p.en), refs = pairs.map((p) => p.es);
      const without = run(engine, { placeholderConstraint: true, segmentation: false }, srcs, beam, 'without segmentation');
      const withSeg = run(engine, { placeholderConstraint: true, segmentation: true }, srcs, beam, 'with segmentation');
      const rows = ([['without segmentation', without], ['with segmentation', withSeg]] as const).map(([name, r]) => ({ name, ...score(r.hyps, refs), seconds: r.seconds }));
      out.segmentation = { texts: all.length, multiSentence: all.filter((p) => segmentCount(p.en) > 1).length, evaluated: srcs.length, rows };
      save();
      console.log(`\ngnome-user-docs: ${srcs.length} of its texts with two or more sentences (of ${all.length} texts), beam ${beam}, α ${DEFAULT_ALPHA}\n`);
      console.log('| variant | BLEU | chrF | s |');
      console.log('|---|---|---|---|');
      for (const r of rows) console.log(`| ${r.name} | ${fmt(r.bleu)} | ${fmt(r.chrf)} | ${fmt(r.seconds, 0)} |`);
    }
    if (parts.includes('glossary')) {
      const set = JSON.parse(fs.readFileSync('tests/fixtures/glossary-terms-en-es.json', 'utf8')) as { cases: TermCase[] };
      const cases = sample(set.cases);
      const srcs = cases.map((c) => c.en), refs = cases.map((c) => c.es);
      const rows = ([['without glossary', false], ['with glossary', true]] as const).map(([name, use]) => {
        const r = run(engine, { placeholderConstraint: true, segmentation: true }, srcs, beam, name, use ? cases.map((c) => c.glossary) : undefined);
        return { name, ...score(r.hyps, refs), ...termCompliance(cases, r.hyps), seconds: r.seconds };
      });
      out.glossary = { sentences: cases.length, rows };
      save();
      console.log(`\nTerm test set${every > 1 ? `, every ${every}th case` : ''}: ${cases.length} test-split sentences, ${rows[0].terms} terms, beam ${beam}, α ${DEFAULT_ALPHA}\n`);
      console.log('| variant | BLEU | chrF | term compliance | of which plural | do-not-translate | s |');
      console.log('|---|---|---|---|---|---|---|');
      for (const r of rows) console.log(`| ${r.name} | ${fmt(r.bleu)} | ${fmt(r.chrf)} | ${r.met}/${r.terms} (${fmt(100 * r.met / r.terms, 1)}%) | ${r.pluralMet}/${r.plural} | ${r.dntMet}/${r.dnt} | ${fmt(r.seconds, 0)} |`);
    }
  } finally {
    engine.dispose();
  }

  function segmentCount(s: string): number {
    return segmentText(s).filter((p) => p.sentence).length;
  }
});
