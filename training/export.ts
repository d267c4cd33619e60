/**
 * `npm run export -- [--run runs/en-es] [--out weights/en-es] [--dtype int8] [--eval-limit N] [--beam 5] [--no-eval]`
 *
 * Turns a run's best checkpoint into a model folder: model.bin (EMTW weight file in the
 * chosen dtype), tokenizer.json and manifest.json (sha256 of every file, config,
 * training summary, test scores). Prints each tensor's size and quantisation error.
 * With evaluation on, the test split is translated with float32, float16 and int8
 * weights through the real inference path, and all three scores go into the manifest.
 * The folder is built in a staging directory and swapped in atomically. The manifest's
 * language_pair and the model id's prefix are the run config's data.direction (default en-es).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { resolveConfig, type ModelConfig } from '../src/model/graph/config.ts';
import { sha256Hex, MANIFEST_FORMAT, MANIFEST_VERSION, type WeightsManifest } from '../src/model/storage/manifest.ts';
import type { WeightDtype } from '../src/model/storage/quantize.ts';
import { encodeWeightFile } from '../src/model/storage/weight-file.ts';
import { paramShapes } from '../src/model/graph/seq2seq.ts';
import { loadSplit, orient, type Direction } from './corpus/load.ts';
import { loadCheckpoint } from './lib/checkpoint.ts';
import { runCli } from '../tools/cli.ts';
import { evaluate } from './lib/evaluate.ts';
import { loadEngine } from '../tools/load-engine.ts';
import type { TrainerState } from './lib/trainer.ts';
import { initBackend } from '../src/backend/node-wasm.ts';
import { swapDirAtomic } from './lib/swap-dir.ts';
import { buildShortlist } from './lib/build-shortlist.ts';
import { SHORTLIST_FILE } from '../src/model/text/shortlist.ts';
import { DEFAULT_ALPHA } from '../src/model/search/length-penalty.ts';

const HELP = `Usage: npm run export -- [--run DIR] [--out DIR] [--dtype int8|float16|float32] [--beam N] [--eval-limit N] [--no-eval] [--corpus DIR]
  --run DIR        training run folder with best.ckpt, config.json, vocab.json (default runs/en-es)
  --out DIR        model folder to write (default weights/<pair>, the pair being the run's data.direction)
  --dtype D        dtype of the shipped model.bin (default int8)
  --beam N         beam size for the test evaluation (default 5)
  --eval-limit N   evaluate on the first N test sentences only (default: all)
  --no-eval        skip the test evaluation (scores left empty)
  --corpus DIR     corpus folder for the test split (default: the run's)`;

const DTYPES: WeightDtype[] = ['float32', 'float16', 'int8'];

runCli(HELP, async () => {
  const { values } = parseArgs({ options: {
    run: { type: 'string', default: 'runs/en-es' }, out: { type: 'string' }, dtype: { type: 'string', default: 'int8' },
    beam: { type: 'string', default: '5' }, 'eval-limit': { type: 'string' }, 'no-eval': { type: 'boolean', default: false }, corpus: { type: 'string' }, help: { type: 'boolean' },
  } });
  const dtype = values.dtype as WeightDtype;
  if (!DTYPES.includes(dtype)) throw new Error(`--dtype must be one of ${DTYPES.join(', ')}, got ${values.dtype}`);
  const beam = Number(values.beam);
  if (!Number.isInteger(beam) || beam < 1 || beam > 16) throw new Error(`--beam must be an integer in 1..16, got ${values.beam}`);
  const runDir = values.run!;
  for (const f of ['best.ckpt', 'config.json', 'vocab.json']) if (!fs.existsSync(path.join(runDir, f))) throw new Error(`${path.join(runDir, f)} not found (train first: npm run train)`);
  const runCfg = JSON.parse(fs.readFileSync(path.join(runDir, 'config.json'), 'utf8'));
  // The run's translation direction names the model (language_pair, model_id) and orients the test split and shortlist.
  const direction: Direction = runCfg.data?.direction ?? 'en-es';
  values.out ??= `weights/${direction}`;
  const ck = loadCheckpoint<TrainerState>(path.join(runDir, 'best.ckpt'));
  const config: ModelConfig = resolveConfig(ck.config as Partial<ModelConfig>);
  const last = fs.existsSync(path.join(runDir, 'last.ckpt')) ? loadCheckpoint<TrainerState>(path.join(runDir, 'last.ckpt')).state : ck.state;
  const tensors = Object.fromEntries(Object.entries(ck.tensors).filter(([k]) => k.startsWith('p/')).map(([k, v]) => [k.slice(2), { shape: shapeOf(config, k.slice(2)), data: v }]));
  const vocabBytes = fs.readFileSync(path.join(runDir, 'vocab.json'));

  const backend = await initBackend('wasm');
  fs.mkdirSync(path.dirname(path.resolve(values.out!)), { recursive: true });
  const stage = fs.mkdtempSync(path.join(path.dirname(path.resolve(values.out!)), `.${path.basename(values.out!)}.staging-`));
  fs.chmodSync(stage, 0o755);
  try {
    const sl = await buildShortlist(values.corpus ?? runCfg.data.corpus, vocabBytes, undefined, direction);
    process.stderr.write(`shortlist: ${sl.shortlist.always.length} ids always + per-source candidates, ${(sl.bytes.length / 1024).toFixed(0)} KiB\n`);
    const files: Record<string, Uint8Array> = { 'tokenizer.json': vocabBytes, [SHORTLIST_FILE]: sl.bytes };
    const encoded: Partial<Record<WeightDtype, Uint8Array>> = {};
    for (const d of DTYPES) {
      const { bytes, report } = await encodeWeightFile(tensors, config as unknown as Record<string, unknown>, d);
      encoded[d] = bytes;
      if (d === dtype) {
        process.stderr.write(`\n${'tensor'.padEnd(22)} ${'shape'.padEnd(14)} ${'dtype'.padEnd(8)} ${'bytes'.padStart(10)} ${'max |err|'.padStart(10)} ${'rms err'.padStart(10)}\n`);
        for (const r of report) process.stderr.write(`${r.name.padEnd(22)} ${JSON.stringify(r.shape).padEnd(14)} ${r.dtype.padEnd(8)} ${String(r.bytes).padStart(10)} ${r.maxAbsError.toExponential(2).padStart(10)} ${r.rmsError.toExponential(2).padStart(10)}\n`);
        process.stderr.write(`model.bin (${d}): ${(bytes.length / 1e6).toFixed(2)} MB\n\n`);
      }
    }
    const limit = values['eval-limit'] ? Number(values['eval-limit']) : undefined;
    const test = values['no-eval'] ? [] : orient(loadSplit(values.corpus ?? runCfg.data.corpus, 'test'), direction).slice(0, limit);
    const srcs = test.map((p) => p.en), refs = test.map((p) => p.es);
    const scores: Record<string, unknown> = {};
    for (const d of values['no-eval'] ? [] : DTYPES) {
      // Evaluate each dtype through the real loader: write a temporary folder with that weight file.
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'export-eval-'));
      await writeModelFolder(tmp, { ...files, 'model.bin': encoded[d]! }, manifestBase(config, d, {}, {}, direction));
      const engine = await loadEngine(tmp);
      const r = evaluate(engine, srcs, refs, { beam, label: `test ${d} beam ${beam}` });
      if (d === dtype) {
        // The same loaded weights without the shortlist: its BLEU cost, recorded next to the scores.
        engine.useShortlist(undefined);
        const f = evaluate(engine, srcs, refs, { beam, label: `test ${d} full vocabulary` });
        scores[`${d}_full_vocabulary`] = { bleu: round(f.bleu.score), chrf: round(f.chrf.score), sentences_per_second: round(f.sentencesPerSecond) };
        process.stderr.write(`test ${d} without shortlist: BLEU ${f.bleu.score.toFixed(2)} (${f.sentencesPerSecond.toFixed(1)} sentences/s)\n`);
      }
      engine.dispose();
      fs.rmSync(tmp, { recursive: true, force: true });
      scores[d] = { bleu: round(r.bleu.score), chrf: round(r.chrf.score), bleu_signature: r.bleu.signature, chrf_signature: r.chrf.signature, counts: r.bleu.counts, totals: r.bleu.totals, bp: round(r.bleu.bp), ratio: round(r.bleu.ratio), sentences_per_second: round(r.sentencesPerSecond) };
      process.stderr.write(`test ${d}: BLEU ${r.bleu.score.toFixed(2)} chrF ${r.chrf.score.toFixed(2)} (${test.length} sentences, beam ${beam}, ${r.seconds.toFixed(0)} s)\n`);
    }
    const testScores = values['no-eval'] ? {} : { split: 'test', sentences: test.length, beam, alpha: DEFAULT_ALPHA, ...scores, int8_minus_float32_bleu: round((scores.int8 as { bleu: number }).bleu - (scores.float32 as { bleu: number }).bleu) };
    const training = {
      run: runCfg.name, steps: last.step, best_step: ck.state.bestStep, epochs: last.epoch, best_dev_bleu_greedy: round(ck.state.bestBleu),
      train_seconds: Math.round(last.seconds), target_tokens: last.tokens, target_tokens_per_second: Math.round(last.tokens / Math.max(1e-9, last.seconds)),
      hardware: `${os.cpus()[0]?.model ?? 'cpu'} × ${os.cpus().length} cores, tfjs ${backend}`, train_config: runCfg.train, data: runCfg.data,
    };
    await writeModelFolder(stage, { ...files, 'model.bin': encoded[dtype]! }, manifestBase(config, dtype, training, { test: testScores }, direction));
    swapDirAtomic(stage, values.out!);
    process.stderr.write(`exported ${values.out} (${dtype}, ${(encoded[dtype]!.length / 1e6).toFixed(2)} MB)\n`);
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
});

function manifestBase(config: ModelConfig, dtype: WeightDtype, training: Record<string, unknown>, scores: Record<string, unknown>, direction: Direction): Omit<WeightsManifest, 'files' | 'model_id'> {
  return { format: MANIFEST_FORMAT, version: MANIFEST_VERSION, created: new Date().toISOString(), dtype, config: config as unknown as Record<string, unknown>, tokenizer: 'tokenizer.json', training, scores, language_pair: direction };
}

/** Writes the files and a manifest listing their sha256; the model id derives from the weights' hash. */
async function writeModelFolder(dir: string, files: Record<string, Uint8Array>, base: Omit<WeightsManifest, 'files' | 'model_id'>): Promise<void> {
  const entries: WeightsManifest['files'] = {};
  for (const [name, bytes] of Object.entries(files)) {
    fs.writeFileSync(path.join(dir, name), bytes);
    entries[name] = { sha256: await sha256Hex(bytes), bytes: bytes.length };
  }
  const manifest: WeightsManifest = { ...base, model_id: `${base.language_pair}-${base.dtype}-${entries['model.bin'].sha256.slice(0, 12)}`, files: entries } as WeightsManifest;
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
}

function shapeOf(c: ModelConfig, name: string): number[] {
  const s = paramShapes(c)[name];
  if (!s) throw new Error(`checkpoint has an unknown tensor ${name}`);
  return s;
}
const round = (x: number) => Math.round(x * 1e4) / 1e4;
