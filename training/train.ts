/**
 * `npm run train -- --config training/configs/en-es.json [--resume] [--out DIR] [--max-steps N] [--backend wasm|cpu] [--init-from DIR] [--workers 1|2]`
 *
 * Trains the attention Seq2Seq on the corpus with the tfjs wasm (SIMD) backend. Shows a
 * progress bar (step, tokens/s, loss, ETA) on stderr, appends every step and evaluation to
 * DIR/log.jsonl, rewrites DIR/report.html after each evaluation, and keeps DIR/last.ckpt
 * (resume point) and DIR/best.ckpt (best dev BLEU), both written atomically.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { resolveConfig } from '../src/model/graph/config.ts';
import { unmask } from '../src/model/text/placeholders.ts';
import { Vocab } from '../src/model/text/vocab.ts';
import { loadSplit, orient } from './corpus/load.ts';
import { encodePairs } from './lib/dataset.ts';
import { readTrainConfig } from './lib/train-config.ts';
import { Trainer } from './lib/trainer.ts';
import { writeReport } from './lib/report.ts';
import { countParams } from './lib/variables.ts';
import { initBackend, type BackendName } from '../src/backend/node-wasm.ts';
import { runCli } from '../tools/cli.ts';
import { assignParams, readInitParams } from './lib/init-from.ts';
import { replayMix } from './lib/replay-mix.ts';

const HELP = `Usage: npm run train -- --config FILE [--resume] [--out DIR] [--max-steps N] [--backend wasm|cpu] [--init-from DIR]
  --config FILE    training config (JSON), e.g. training/configs/en-es.json
  --resume         continue from DIR/last.ckpt exactly where the run stopped
  --out DIR        output folder (default: the config's outDir)
  --max-steps N    stop after N optimisation steps in total (0 = no limit)
  --backend NAME   tfjs backend: wasm (default, SIMD) or cpu (slow fallback)
  --workers N      1 (default) or 2: data-parallel gradient on a second core (worker thread)
  --init-from DIR  fine-tune: start from an exported model folder's model.bin (e.g. weights/en-es;
                   same tokenizer and architecture); ignored when --resume finds a checkpoint`;

runCli(HELP, async () => {
  const { values } = parseArgs({ options: {
    config: { type: 'string' }, resume: { type: 'boolean', default: false }, out: { type: 'string' },
    'max-steps': { type: 'string' }, backend: { type: 'string', default: 'wasm' }, workers: { type: 'string', default: '1' }, help: { type: 'boolean', default: false },
    'init-from': { type: 'string' },
  } });
  if (values.help) { console.log(HELP); return; }
  if (!values.config) throw new Error('missing --config FILE (see --help)');
  const cfg = readTrainConfig(values.config);
  if (values.out) cfg.outDir = values.out;
  if (values['max-steps'] !== undefined) {
    const n = Number(values['max-steps']);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--max-steps must be a non-negative integer, got ${values['max-steps']}`);
    cfg.train.maxSteps = n;
  }
  if (values.backend !== 'wasm' && values.backend !== 'cpu') throw new Error(`--backend must be wasm or cpu, got ${values.backend}`);
  const workers = Number(values.workers);
  if (workers !== 1 && workers !== 2) throw new Error(`--workers must be 1 or 2, got ${values.workers}`);
  const backend = await initBackend(values.backend as BackendName);

  if (!fs.existsSync(cfg.data.vocab)) throw new Error(`vocabulary not found: ${cfg.data.vocab} (run npm run tokenizer)`);
  const vocab = Vocab.fromJSON(JSON.parse(fs.readFileSync(cfg.data.vocab, 'utf8')));
  const model = resolveConfig({ ...cfg.model, srcVocabSize: vocab.size, tgtVocabSize: vocab.size });
  const baseTrain = orient(loadSplit(cfg.data.corpus, 'train'), cfg.data.direction).slice(0, cfg.data.trainLimit);
  const focus = cfg.data.focus;
  const mix = focus ? replayMix(orient(loadSplit(focus.corpus, 'train'), cfg.data.direction), baseTrain, { ...focus, seed: cfg.train.seed }) : undefined;
  if (mix) process.stderr.write(`fine-tuning mix: ${mix.focus} new-data pairs (${focus!.corpus} × ${focus!.oversample}) + ${mix.replay} replayed from ${cfg.data.corpus}\n`);
  const rawTrain = mix ? mix.pairs : baseTrain;
  const train = encodePairs(rawTrain, vocab, cfg.data.maxLen);
  const dev = encodePairs(orient(loadSplit(cfg.data.corpus, 'dev'), cfg.data.direction), vocab, cfg.data.maxLen);
  fs.mkdirSync(cfg.outDir, { recursive: true });
  fs.writeFileSync(path.join(cfg.outDir, 'config.json'), JSON.stringify({ ...cfg, model }, null, 2));
  fs.copyFileSync(cfg.data.vocab, path.join(cfg.outDir, 'vocab.json'));
  const logFile = path.join(cfg.outDir, 'log.jsonl');
  const log = (rec: object) => fs.appendFileSync(logFile, JSON.stringify({ time: new Date().toISOString(), ...rec }) + '\n');

  const bar = new cliProgress.SingleBar({
    format: 'epoch {epoch} |{bar}| {value}/{total} batches | step {step} | loss {loss} | {tps} tok/s | ETA {eta_formatted}',
    stream: process.stderr, hideCursor: false, etaBuffer: 20, noTTYOutput: true, notTTYSchedule: 15000,
  }, cliProgress.Presets.shades_classic);
  const trainer = new Trainer(cfg, model, train.pairs, {
    pairs: dev.pairs, refs: dev.refs, toText: (ids, i) => unmask(vocab.decode(ids), dev.slots[i]),
  }, {
    log,
    onStep: (s, total, done) => {
      const payload = { epoch: s.epoch + 1, step: s.step, loss: s.loss.toFixed(3), tps: (s.tokens / (s.ms / 1000)).toFixed(0) };
      if (!bar.isActive) bar.start(total, done, payload); // (an empty payload would print the raw {placeholders} once)
      bar.setTotal(total);
      bar.update(done, payload);
    },
    onEval: (r, improved) => {
      bar.stop();
      process.stderr.write(`eval @ step ${r.step}: dev loss ${r.devLoss.toFixed(3)}, dev BLEU ${r.devBleu.toFixed(2)}${improved ? ' (best)' : ''}, lr ${r.lr.toExponential(2)}\n`);
      writeReport(path.join(cfg.outDir, 'report.html'), cfg.name, trainer.state, { backend, params: countParams(model), 'train pairs': train.pairs.length });
    },
  }, values.resume);
  await trainer.startWorkers(workers);
  if (values['init-from'] && trainer.state.step === 0) {
    assignParams(trainer.vars, await readInitParams(values['init-from'], model, cfg.data.vocab));
    process.stderr.write(`initialised parameters from ${values['init-from']}\n`);
    log({ type: 'init-from', dir: values['init-from'] });
  }
  process.stderr.write(`${cfg.name}: ${countParams(model).toLocaleString()} params, ${train.pairs.length} train pairs (${train.dropped} over ${cfg.data.maxLen} tokens dropped), ${dev.pairs.length} dev, backend ${backend}, ${workers} worker${workers > 1 ? 's' : ''}` +
    `${values.resume && trainer.state.step > 0 ? `, resuming at step ${trainer.state.step}` : ''}\n`);
  log({ type: 'start', resume: values.resume, step: trainer.state.step, backend });

  let stopRequested = false;
  const onSignal = () => { stopRequested = true; };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const state = await trainer.runAsync(() => stopRequested);
  bar.stop();
  writeReport(path.join(cfg.outDir, 'report.html'), cfg.name, state, { backend, params: countParams(model), 'train pairs': train.pairs.length });
  log({ type: 'end', step: state.step, bestBleu: state.bestBleu, stopped: state.stopped, interrupted: stopRequested });
  process.stderr.write(`${stopRequested ? 'interrupted, checkpoint saved' : 'done'}: step ${state.step}, best dev BLEU ${state.bestBleu.toFixed(2)} at step ${state.bestStep}; ${(state.tokens / Math.max(1e-9, state.seconds)).toFixed(0)} target tokens/s\n`);
  trainer.dispose();
});
