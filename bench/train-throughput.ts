/**
 * `npm run bench:train -- [--config training/configs/en-es.json] [--steps 7] [--slow-steps 3] [--out bench/results/train-throughput.json]`
 *
 * Training throughput at the shipped configuration: target tokens per second of one full
 * Trainer step (forward, backward, Adam) on real corpus batches planned with the config's
 * maxTokens/maxRows, on the tfjs wasm backend (SIMD, 1 thread). Reports the median over
 * `--steps` batches with the transposed-matmul fast path on, then re-runs the first
 * `--slow-steps` of those batches with it off, to show the fast path is used (ratio), and
 * finally the same batches with `--workers 2` data parallelism (a worker thread computes
 * half of each batch's gradient on the second core): 1 vs 2 threads.
 * Prints the CPU model, cores, load and commit; writes the JSON result atomically.
 * A benchmark, not a timed test: figures depend on the machine and its load.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { resolveConfig } from '../src/model/graph/config.ts';
import { Vocab } from '../src/model/text/vocab.ts';
import { loadSplit } from '../training/corpus/load.ts';
import { writeFileAtomic } from '../tools/atomic-write.ts';
import { hostBatch, planEpoch } from '../training/lib/batches.ts';
import { runCli } from '../tools/cli.ts';
import { encodePairs } from '../training/lib/dataset.ts';
import { readTrainConfig } from '../training/lib/train-config.ts';
import { Trainer } from '../training/lib/trainer.ts';
import { countParams } from '../training/lib/variables.ts';
import { machineInfo } from './lib/machine-info.ts';
import { median } from './lib/median.ts';
import { initSwitchableFastPath } from './lib/switchable-fast-path.ts';

const HELP = `Usage: npm run bench:train -- [--config FILE] [--steps N] [--slow-steps N] [--no-workers] [--out FILE]
  --config FILE     training config whose model and batching are measured (default training/configs/en-es.json)
  --steps N         timed steps with the fast path on, after one warm-up step (default 7)
  --slow-steps N    of those batches, how many to re-run with the fast path off (default 3; 0 skips)
  --no-workers      skip the re-run of the timed batches with 2 threads (--workers 2)
  --out FILE        JSON result (default bench/results/train-throughput.json)`;

runCli(HELP, async () => {
  const { values } = parseArgs({ options: {
    config: { type: 'string', default: 'training/configs/en-es.json' }, steps: { type: 'string', default: '7' },
    'slow-steps': { type: 'string', default: '3' }, 'no-workers': { type: 'boolean', default: false }, out: { type: 'string', default: 'bench/results/train-throughput.json' }, help: { type: 'boolean' },
  } });
  const int = (name: string, raw: string, min: number) => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min}, got ${raw}`);
    return n;
  };
  const steps = int('steps', values.steps!, 1), slowSteps = int('slow-steps', values['slow-steps']!, 0);
  if (slowSteps > steps) throw new Error(`--slow-steps must be at most --steps (${slowSteps} > ${steps})`);
  const cfg = readTrainConfig(values.config!);
  if (!fs.existsSync(cfg.data.vocab)) throw new Error(`vocabulary not found: ${cfg.data.vocab}`);

  const kernels = await initSwitchableFastPath();
  const vocab = Vocab.fromJSON(JSON.parse(fs.readFileSync(cfg.data.vocab, 'utf8')));
  const model = resolveConfig({ ...cfg.model, srcVocabSize: vocab.size, tgtVocabSize: vocab.size });
  const train = encodePairs(loadSplit(cfg.data.corpus, 'train').slice(0, cfg.data.trainLimit), vocab, cfg.data.maxLen).pairs;
  const t = cfg.train;
  const plan = planEpoch(train, t.maxTokens, t.maxRows, t.seed, 0);
  if (plan.length < steps + 1) throw new Error(`the corpus gives only ${plan.length} batches; lower --steps`);
  const batches = plan.slice(0, steps + 1).map((idx) => hostBatch(train, idx));
  const info = machineInfo();
  console.log(`${cfg.name}: ${countParams(model).toLocaleString()} params, maxTokens ${t.maxTokens}, maxRows ${t.maxRows}; ${kernels.backend}`);
  console.log(`machine: ${info.cpu}, ${info.cores} cores, load ${info.loadAvg1m}, node ${info.node}, tfjs ${info.tfjs}, commit ${info.commit}`);

  // Steps change the weights but not the work; the trainer writes nothing unless asked to.
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-train-'));
  const trainer = new Trainer({ ...cfg, outDir }, model, train, { pairs: [], refs: [], toText: () => '' });
  const timed = (fast: boolean, hs: typeof batches, label = `fast path ${fast ? 'on ' : 'off'}`) => {
    kernels.setFastPath(fast);
    return hs.map((h) => {
      const cpu0 = process.cpuUsage();
      const s = trainer.step(h);
      const cpu = process.cpuUsage(cpu0);
      const cpuMs = (cpu.user + cpu.system) / 1000;
      console.log(`  ${label}: batch ${h.B}×${h.T} (${s.tokens} target tokens): ${s.ms.toFixed(0)} ms wall, ${cpuMs.toFixed(0)} ms CPU, ${(s.tokens / (s.ms / 1000)).toFixed(0)} tok/s`);
      return { rows: h.B, srcLen: h.S, tgtLen: h.T, tokens: s.tokens, ms: Math.round(s.ms), cpuMs: Math.round(cpuMs) };
    });
  };
  try {
    timed(true, batches.slice(0, 1)); // warm-up: kernel compilation, first allocations
    const fast = timed(true, batches.slice(1));
    const slow = slowSteps > 0 ? timed(false, batches.slice(1, 1 + slowSteps)) : [];
    kernels.setFastPath(true);
    let two: typeof fast = [];
    if (!values['no-workers']) {
      await trainer.startWorkers(2);
      timed(true, batches.slice(0, 1), '2 threads (warm-up)');
      two = timed(true, batches.slice(1), '2 threads');
    }
    type Row = (typeof fast)[number];
    const tps = (r: Row) => r.tokens / (r.ms / 1000);
    const summary = (rs: Row[]) => ({
      steps: rs, medianTargetTokensPerSecond: Math.round(median(rs.map(tps))), medianStepMs: Math.round(median(rs.map((r) => r.ms))),
      // Under CPU contention wall time overstates the cost; tokens per CPU-second does not.
      medianTargetTokensPerCpuSecond: Math.round(median(rs.map((r) => r.tokens / (r.cpuMs / 1000)))),
    });
    const ratios = slow.map((r, i) => r.ms / fast[i].ms), cpuRatios = slow.map((r, i) => r.cpuMs / fast[i].cpuMs);
    const result = {
      benchmark: 'train-throughput', config: values.config, machine: info, backend: kernels.backend, params: countParams(model),
      maxTokens: t.maxTokens, maxRows: t.maxRows,
      fastPath: summary(fast),
      noFastPath: slow.length ? summary(slow) : null,
      speedup: slow.length ? { medianStepTimeRatio: Number(median(ratios).toFixed(2)), medianCpuTimeRatio: Number(median(cpuRatios).toFixed(2)), sameBatches: slow.length } : null,
      twoThreads: two.length ? { ...summary(two), speedupVsOneThread: Number((median(two.map(tps)) / median(fast.map(tps))).toFixed(2)) } : null,
    };
    console.log(`median: ${result.fastPath.medianTargetTokensPerSecond} target tokens/s (${result.fastPath.medianStepMs} ms/step; ${result.fastPath.medianTargetTokensPerCpuSecond} per CPU-second) with the fast path` +
      (result.noFastPath ? `; ${result.noFastPath.medianTargetTokensPerSecond} tok/s without; fast path ${result.speedup!.medianStepTimeRatio}× faster in wall time, ${result.speedup!.medianCpuTimeRatio}× in CPU time, on the same ${slow.length} batches` : ''));
    if (result.twoThreads) console.log(`2 threads (--workers 2): ${result.twoThreads.medianTargetTokensPerSecond} target tokens/s (${result.twoThreads.medianStepMs} ms/step), ${result.twoThreads.speedupVsOneThread}× one thread on the same batches`);
    writeFileAtomic(values.out!, JSON.stringify(result, null, 2) + '\n');
    console.log(`wrote ${values.out}`);
  } finally {
    trainer.dispose();
    fs.rmSync(outDir, { recursive: true, force: true });
  }
});
