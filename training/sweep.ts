/**
 * `npm run sweep -- [--config training/configs/en-es.json] [--budget-steps 20] [--trials 4] [--grid]
 *                   [--train-limit 3000] [--dev-limit 50] [--seed 1] [--out runs/sweep]`
 *
 * A small hyper-parameter search on a short step budget: learning rate, batch size
 * (maxTokens), hidden size (encoder h, decoder 2h) and dropout (space in lib/sweep-space.ts),
 * either a seeded random sample of `--trials` distinct points or the whole `--grid`. Every
 * trial trains the config's model from the same seed for `--budget-steps` steps on an evenly
 * spaced sample of `--train-limit` training pairs (the warm-up is shortened to a quarter of
 * the budget), then measures dev loss and greedy dev BLEU on `--dev-limit` dev pairs.
 * Writes OUT/sweep.md (table sorted by dev loss) and OUT/sweep.json, both atomically, after
 * every trial. Defaults take a few minutes per trial on 2 cores; BLEU after so few steps is
 * usually near 0, so rank by dev loss.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { resolveConfig } from '../src/model/graph/config.ts';
import { unmask } from '../src/model/text/placeholders.ts';
import { Vocab } from '../src/model/text/vocab.ts';
import { loadSplit } from './corpus/load.ts';
import { writeFileAtomic } from '../tools/atomic-write.ts';
import { runCli } from '../tools/cli.ts';
import { encodePairs } from './lib/dataset.ts';
import { sweepMarkdown, type SweepResult, type SweepTrialResult } from './lib/sweep-report.ts';
import { DEFAULT_SPACE, gridPoints, randomPoints, type SweepSpace } from './lib/sweep-space.ts';
import { readTrainConfig } from './lib/train-config.ts';
import { Trainer } from './lib/trainer.ts';
import { countParams } from './lib/variables.ts';
import { initBackend } from '../src/backend/node-wasm.ts';

const HELP = `Usage: npm run sweep -- [--config FILE] [--budget-steps N] [--trials N | --grid] [--train-limit N] [--dev-limit N] [--seed N] [--out DIR]
  --config FILE       base training config (default training/configs/en-es.json)
  --budget-steps N    optimisation steps per trial (default 20)
  --trials N          random distinct points of the space (default 4)
  --grid              run every point of the space instead (${gridPoints(DEFAULT_SPACE).length} trials)
  --train-limit N     training pairs, evenly spaced over the train split (default 3000)
  --dev-limit N       dev pairs for dev loss and BLEU (default 50)
  --seed N            seed of the random sample (training uses the config's seed; default 1)
  --out DIR           where sweep.md and sweep.json go (default runs/sweep)`;

export interface SweepOptions {
  config: string; budgetSteps: number; trials: number; grid: boolean; trainLimit: number; devLimit: number; seed: number; out: string;
  space?: SweepSpace; progress?: (line: string) => void;
}

/** `n` items evenly spaced over `xs` (the corpus splits are sorted by source text). */
const evenSample = <T>(xs: readonly T[], n: number): T[] =>
  n >= xs.length ? xs.slice() : Array.from({ length: n }, (_, i) => xs[Math.floor((i * xs.length) / n)]);

export async function runSweep(o: SweepOptions): Promise<SweepResult> {
  const base = readTrainConfig(o.config);
  const backend = await initBackend('wasm');
  if (!fs.existsSync(base.data.vocab)) throw new Error(`vocabulary not found: ${base.data.vocab}`);
  const vocab = Vocab.fromJSON(JSON.parse(fs.readFileSync(base.data.vocab, 'utf8')));
  const train = encodePairs(evenSample(loadSplit(base.data.corpus, 'train'), o.trainLimit), vocab, base.data.maxLen);
  const dev = encodePairs(loadSplit(base.data.corpus, 'dev'), vocab, base.data.maxLen);
  const space = o.space ?? DEFAULT_SPACE;
  const points = o.grid ? gridPoints(space) : randomPoints(space, o.trials, o.seed);
  const warmupSteps = Math.min(base.train.warmupSteps, Math.floor(o.budgetSteps / 4));
  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  const result: SweepResult = {
    config: o.config, budgetSteps: o.budgetSteps, warmupSteps, trainPairs: train.pairs.length, devPairs: Math.min(o.devLimit, dev.pairs.length),
    seed: o.seed, backend, machine: `${cpu}, ${os.cpus().length} cores`, date: new Date().toISOString(), trials: [],
  };
  const save = () => {
    writeFileAtomic(path.join(o.out, 'sweep.json'), JSON.stringify(result, null, 2) + '\n');
    writeFileAtomic(path.join(o.out, 'sweep.md'), sweepMarkdown(result));
  };
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sweep-'));
  try {
    for (const [i, p] of points.entries()) {
      const t0 = performance.now();
      const model = resolveConfig({ ...base.model, srcVocabSize: vocab.size, tgtVocabSize: vocab.size, encHidden: p.hidden, decHidden: 2 * p.hidden, dropout: p.dropout });
      const cfg = {
        ...base, outDir: path.join(work, `trial-${i + 1}`), data: { ...base.data, devLimit: o.devLimit },
        train: { ...base.train, lr: p.lr, maxTokens: p.maxTokens, warmupSteps, maxSteps: o.budgetSteps, evalEvery: o.budgetSteps, checkpointEvery: o.budgetSteps, patience: 1000 },
      };
      const row: SweepTrialResult = { trial: i + 1, ...p, params: countParams(model), steps: 0, trainLoss: NaN, devLoss: NaN, devBleu: NaN, tokensPerSecond: NaN, seconds: 0 };
      let trainer: Trainer | undefined;
      try {
        trainer = new Trainer(cfg, model, train.pairs, { pairs: dev.pairs, refs: dev.refs, toText: (ids, j) => unmask(vocab.decode(ids), dev.slots[j]) });
        const state = trainer.run();
        const last = state.history.at(-1);
        Object.assign(row, { steps: state.step, trainLoss: last?.trainLoss ?? NaN, devLoss: last?.devLoss ?? NaN, devBleu: last?.devBleu ?? NaN, tokensPerSecond: state.tokens / Math.max(1e-9, state.seconds) });
      } catch (e) {
        row.error = (e as Error).message.split('\n')[0];
      } finally {
        trainer?.dispose();
        fs.rmSync(cfg.outDir, { recursive: true, force: true });
      }
      row.seconds = (performance.now() - t0) / 1000;
      result.trials.push(row);
      save();
      o.progress?.(`trial ${i + 1}/${points.length}: lr ${p.lr}, maxTokens ${p.maxTokens}, hidden ${p.hidden}, dropout ${p.dropout} → ` +
        (row.error ? `error: ${row.error}` : `dev loss ${row.devLoss.toFixed(3)}, dev BLEU ${row.devBleu.toFixed(2)} (${row.seconds.toFixed(0)} s)`));
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  if (points.length === 0) save();
  return result;
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  runCli(HELP, async () => {
    const { values } = parseArgs({ options: {
      config: { type: 'string', default: 'training/configs/en-es.json' }, 'budget-steps': { type: 'string', default: '20' }, trials: { type: 'string', default: '4' },
      grid: { type: 'boolean', default: false }, 'train-limit': { type: 'string', default: '3000' }, 'dev-limit': { type: 'string', default: '50' },
      seed: { type: 'string', default: '1' }, out: { type: 'string', default: 'runs/sweep' }, help: { type: 'boolean' },
    } });
    const int = (name: string, min: number) => {
      const raw = values[name as keyof typeof values] as string;
      const n = Number(raw);
      if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min}, got ${raw}`);
      return n;
    };
    const opts: SweepOptions = {
      config: values.config!, budgetSteps: int('budget-steps', 1), trials: int('trials', 1), grid: values.grid!, trainLimit: int('train-limit', 1),
      devLimit: int('dev-limit', 1), seed: int('seed', 0), out: values.out!, progress: (line) => process.stderr.write(line + '\n'),
    };
    const r = await runSweep(opts);
    const ok = r.trials.filter((t) => !t.error).sort((a, b) => a.devLoss - b.devLoss);
    console.log(`${r.trials.length} trials, results in ${path.join(opts.out, 'sweep.md')} and sweep.json` +
      (ok[0] ? `; best: lr ${ok[0].lr}, maxTokens ${ok[0].maxTokens}, hidden ${ok[0].hidden}, dropout ${ok[0].dropout} (dev loss ${ok[0].devLoss.toFixed(3)})` : ''));
    if (ok.length === 0) process.exitCode = 1;
  });
}
