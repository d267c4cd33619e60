/**
 * `npm run -s eval -- --model weights/en-es --src FILE --ref FILE [--beam 5]`
 * `npm run -s eval -- --model weights/en-es --split test|dev [--corpus DIR] [--limit N]`
 *
 * Translates the source sentences with a model folder (greedy and beam search, through the
 * same engine as the Worker) and prints ONE JSON object on stdout: per mode BLEU with
 * its diagnostics, chrF and chrF++ with signatures, and sentences per second; plus the
 * model id and the evaluation set's sha256. Progress goes to stderr.
 * Bad input (missing file or model, line counts that differ): one stderr line, exit 2.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadSplit, orient, type Direction } from './corpus/load.ts';
import { chooseModelFolder, folderPair, LANGUAGE_HELP, LANGUAGE_OPTIONS } from '../tools/model-folder-choice.ts';
import { runCli } from '../tools/cli.ts';
import { evaluate } from './lib/evaluate.ts';
import { loadEngine } from '../tools/load-engine.ts';
import { initBackend } from '../src/backend/node-wasm.ts';
import { modeScores, type ModeScores } from './redeploy/eval-scores.ts';
import { readLines } from './redeploy/read-lines.ts';
import { testSetHash } from './redeploy/test-set-hash.ts';
import { DEFAULT_ALPHA } from '../src/model/search/length-penalty.ts';

const HELP = `Usage: npm run -s eval -- --model DIR (--src FILE --ref FILE | --split test|dev [--corpus DIR]) [options]
  --model DIR       model folder (manifest.json, model.bin, tokenizer.json), e.g. weights/en-es
${LANGUAGE_HELP}
  --src FILE        source sentences, one per line
  --ref FILE        references, one per line (same line count as --src)
  --split NAME      instead of --src/--ref: the test or dev split of a corpus
  --corpus DIR      corpus folder for --split (default: the model's training corpus, else training/data/en-es)
  --limit N         only the first N sentences
  --beam N          beam size of the beam-search pass (default 5; 1..16)
  --alpha X         GNMT length-penalty alpha of beam search (default 1.0)
  --search MODES    greedy, beam or both (default both)
Prints one JSON object on stdout; progress on stderr.`;

runCli(HELP, async () => {
  const { values } = parseArgs({ options: {
    model: { type: 'string' }, ...LANGUAGE_OPTIONS, src: { type: 'string' }, ref: { type: 'string' }, split: { type: 'string' }, corpus: { type: 'string' },
    limit: { type: 'string' }, beam: { type: 'string', default: '5' }, alpha: { type: 'string', default: String(DEFAULT_ALPHA) }, search: { type: 'string', default: 'both' },
    help: { type: 'boolean' },
  } });
  if (!values.model && values.source === undefined && values.target === undefined) throw new Error('missing --model DIR or --source/--target (see --help)');
  values.model = chooseModelFolder(values);
  const beam = Number(values.beam);
  if (!Number.isInteger(beam) || beam < 1 || beam > 16) throw new Error(`--beam must be an integer in 1..16, got ${values.beam}`);
  const alpha = Number(values.alpha);
  if (!Number.isFinite(alpha) || alpha < 0) throw new Error(`--alpha must be a non-negative number, got ${values.alpha}`);
  if (!['greedy', 'beam', 'both'].includes(values.search!)) throw new Error(`--search must be greedy, beam or both, got ${values.search}`);
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw new Error(`--limit must be a positive integer, got ${values.limit}`);
  const manifestPath = path.join(values.model, 'manifest.json');
  if (!fs.existsSync(manifestPath)) throw new Error(`model not found: ${manifestPath} does not exist`);

  let srcs: string[], refs: string[], data: Record<string, unknown>;
  if (values.split !== undefined) {
    if (values.src || values.ref) throw new Error('invalid arguments: give either --split or --src/--ref, not both');
    if (values.split !== 'test' && values.split !== 'dev') throw new Error(`--split must be test or dev, got ${values.split}`);
    const corpus = values.corpus ?? defaultCorpus(manifestPath);
    const file = path.join(corpus, `${values.split}.jsonl.gz`);
    if (!fs.existsSync(file)) throw new Error(`corpus split not found: ${file}`);
    // The corpus is stored en → es; the model's language pair orients it.
    const pairs = orient(loadSplit(corpus, values.split), folderPair(values.model) as Direction);
    srcs = pairs.map((p) => p.en);
    refs = pairs.map((p) => p.es);
    data = { split: values.split, corpus };
  } else {
    if (!values.src || !values.ref) throw new Error('missing --src FILE and --ref FILE (or --split test|dev)');
    srcs = readLines(values.src, '--src file');
    refs = readLines(values.ref, '--ref file');
    if (srcs.length !== refs.length) throw new Error(`invalid input: line count mismatch, --src ${values.src} has ${srcs.length} lines but --ref ${values.ref} has ${refs.length}`);
    data = { src: values.src, ref: values.ref };
  }
  if (limit !== undefined) { srcs = srcs.slice(0, limit); refs = refs.slice(0, limit); }
  if (srcs.length === 0) throw new Error('invalid input: no sentences to evaluate');

  const backend = await initBackend('wasm');
  const engine = await loadEngine(values.model);
  const out: Record<string, unknown> = {
    model: { dir: values.model, model_id: engine.manifest.model_id, dtype: engine.manifest.dtype, sha256: engine.manifest.files[engine.weightFile]?.sha256, backend },
    data: { ...data, sentences: srcs.length, sha256: testSetHash(srcs, refs) },
  };
  try {
    const modes: [string, number][] = values.search === 'both' ? [['greedy', 1], ['beam', beam]] : values.search === 'greedy' ? [['greedy', 1]] : [['beam', beam]];
    for (const [name, size] of modes) {
      const r = evaluate(engine, srcs, refs, { beam: size, alpha, label: `${name}${size > 1 ? ` (beam ${size})` : ''}` });
      const scores: ModeScores = modeScores(r.hyps, refs, r.seconds);
      out[name] = name === 'beam' ? { beam: size, alpha, ...scores } : scores;
      process.stderr.write(`${name}: BLEU ${scores.bleu.score.toFixed(2)} chrF ${scores.chrf.score.toFixed(2)} chrF++ ${scores.chrf_pp.score.toFixed(2)} (${srcs.length} sentences, ${scores.sentences_per_second.toFixed(1)} sent/s)\n`);
    }
  } finally {
    engine.dispose();
  }
  process.stdout.write(JSON.stringify(out, null, 2) + '\n');
});

/** The corpus the model was trained on (manifest training.data.corpus), else the committed one. */
function defaultCorpus(manifestPath: string): string {
  try {
    const corpus = JSON.parse(fs.readFileSync(manifestPath, 'utf8'))?.training?.data?.corpus;
    if (typeof corpus === 'string' && fs.existsSync(corpus)) return corpus;
  } catch { /* fall through */ }
  return 'training/data/en-es';
}
