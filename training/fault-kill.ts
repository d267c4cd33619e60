/**
 * `npm run fault-kill -- [--config tests/fixtures/train/tiny.json] [--kills 5] [--max-steps 60] [--seed 1] [--out runs/fault-kill] [--json FILE]`
 *
 * Training fault test. Runs `training/train.ts --config C --out OUT/killed --max-steps N` as a
 * child process and SIGKILLs it at random moments (after a random target step, plus a random
 * fraction of a step, so some kills land inside a checkpoint write) `--kills` times, resuming
 * with --resume after each kill until the run finishes. After every kill, last.ckpt and
 * best.ckpt (when present) must load. Then trains the same config uninterrupted in OUT/straight
 * and checks that both runs end with bitwise-equal parameters, Adam moments and best.ckpt.
 * Prints a summary (kills, step reached at each kill, checkpoint step, result); exit status 1
 * when a check fails, 2 on bad arguments.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { mulberry32 } from '../src/model/graph/rng.ts';
import { writeFileAtomic } from '../tools/atomic-write.ts';
import { loadCheckpoint, type CheckpointData } from './lib/checkpoint.ts';
import { runCli } from '../tools/cli.ts';
import { readTrainConfig } from './lib/train-config.ts';
import type { TrainerState } from './lib/trainer.ts';

const HELP = `Usage: npm run fault-kill -- [--config FILE] [--kills N] [--max-steps N] [--seed N] [--out DIR] [--json FILE]
  --config FILE    training config (default tests/fixtures/train/tiny.json)
  --kills N        number of SIGKILLs before the run may finish (default 5)
  --max-steps N    total optimisation steps of the run (default: the config's maxSteps, else 60)
  --seed N         seed of the random kill moments (default 1)
  --out DIR        work folder; DIR/killed and DIR/straight are replaced (default runs/fault-kill)
  --json FILE      also write the summary as JSON`;

const TRAIN = path.join(path.dirname(fileURLToPath(import.meta.url)), 'train.ts');

interface KillRecord { kill: number; targetStep: number; delayMs: number; stepAtKill: number; checkpointStep: number | null; checkpointOk: boolean; bestOk: boolean | null; error?: string }
export interface FaultKillSummary {
  config: string; maxSteps: number; seed: number; kills: KillRecord[]; resumes: number; finalStep: number;
  identical: { params: boolean; adam: boolean; state: boolean; best: boolean; runFiles: boolean }; mismatches: string[];
  leftoverTmpFiles: number; seconds: number; ok: boolean;
}

/** Steps logged by train.ts in log.jsonl from byte `offset` on (a killed writer may leave a partial last line). */
function loggedSteps(logFile: string, offset: number): number[] {
  if (!fs.existsSync(logFile)) return [];
  const text = fs.readFileSync(logFile).subarray(offset).toString('utf8');
  const steps: number[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('{') || !line.endsWith('}')) continue;
    try {
      const r = JSON.parse(line) as { type?: string; step?: number };
      if (r.type === 'step' && typeof r.step === 'number') steps.push(r.step);
    } catch { /* a line cut by the kill */ }
  }
  return steps;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Launches train.ts; if `killAt` is given, SIGKILLs it `delayMs` after it logs step ≥ killAt.
 * Resolves with how it ended and the last step it logged.
 */
async function launch(args: string[], dir: string, killAt?: { step: number; delayMs: number }) {
  const logFile = path.join(dir, 'log.jsonl');
  const offset = fs.existsSync(logFile) ? fs.statSync(logFile).size : 0;
  const child = spawn(process.execPath, ['--import', 'tsx', TRAIN, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => { stderr = (stderr + d.toString()).slice(-4000); });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  let done = false;
  void exited.then(() => { done = true; });
  if (killAt) {
    while (!done && Math.max(0, ...loggedSteps(logFile, offset)) < killAt.step) await sleep(5);
    if (!done) {
      await sleep(killAt.delayMs);
      if (!done) child.kill('SIGKILL');
    }
  }
  const end = await exited;
  return { ...end, stderr, lastStep: Math.max(0, ...loggedSteps(logFile, offset)) };
}

const bytesEqual = (a: Float32Array, b: Float32Array) => Buffer.compare(Buffer.from(a.buffer, a.byteOffset, a.byteLength), Buffer.from(b.buffer, b.byteOffset, b.byteLength)) === 0;

/** Names of the tensors with `prefix` that differ (or exist on one side only). */
function tensorMismatches(a: CheckpointData<TrainerState>, b: CheckpointData<TrainerState>, prefix: string, label: string): string[] {
  const names = new Set([...Object.keys(a.tensors), ...Object.keys(b.tensors)].filter((k) => k.startsWith(prefix)));
  return [...names].filter((k) => !a.tensors[k] || !b.tensors[k] || !bytesEqual(a.tensors[k], b.tensors[k])).map((k) => `${label} ${k}`);
}

function tryLoad(file: string): { ok: boolean; ck?: CheckpointData<TrainerState>; error?: string } {
  try { return { ok: true, ck: loadCheckpoint<TrainerState>(file) }; } catch (e) { return { ok: false, error: (e as Error).message }; }
}

export async function faultKill(o: { config: string; kills: number; maxSteps: number; seed: number; out: string }): Promise<FaultKillSummary> {
  if (o.kills >= o.maxSteps) throw new Error(`--kills must be less than --max-steps (${o.kills} kills, ${o.maxSteps} steps)`);
  const t0 = performance.now();
  const rnd = mulberry32(o.seed);
  const killedDir = path.join(o.out, 'killed'), straightDir = path.join(o.out, 'straight');
  for (const d of [killedDir, straightDir]) fs.rmSync(d, { recursive: true, force: true });
  const args = (dir: string, resume: boolean) => ['--config', o.config, '--out', dir, '--max-steps', String(o.maxSteps), ...(resume ? ['--resume'] : [])];

  // Kill targets: distinct random steps in [1, maxSteps − 1], in increasing order, so every
  // launch trains a little further before it dies; the extra delay lands anywhere in a step.
  const pool = [...Array(Math.max(0, o.maxSteps - 1)).keys()].map((i) => i + 1);
  const targets = pool.map((s) => [s, rnd()] as const).sort((a, b) => a[1] - b[1]).slice(0, o.kills).map(([s]) => s).sort((a, b) => a - b);

  const kills: KillRecord[] = [];
  let resumes = 0;
  for (const [i, target] of targets.entries()) {
    const delayMs = Math.floor(rnd() * 120);
    const r = await launch(args(killedDir, i > 0), killedDir, { step: target, delayMs });
    if (i > 0) resumes++;
    if (r.signal !== 'SIGKILL') throw new Error(`train.ts ended before kill ${i + 1} (exit ${r.code}): ${r.stderr.trim().split('\n').at(-1) ?? ''}`);
    const last = path.join(killedDir, 'last.ckpt'), best = path.join(killedDir, 'best.ckpt');
    const lk = fs.existsSync(last) ? tryLoad(last) : null;
    const bk = fs.existsSync(best) ? tryLoad(best) : null;
    kills.push({
      kill: i + 1, targetStep: target, delayMs, stepAtKill: r.lastStep, checkpointStep: lk?.ck?.state.step ?? null,
      checkpointOk: lk === null || lk.ok, bestOk: bk === null ? null : bk.ok, error: lk?.error ?? bk?.error,
    });
  }
  const fin = await launch(args(killedDir, targets.length > 0), killedDir);
  if (targets.length > 0) resumes++;
  if (fin.code !== 0) throw new Error(`resumed run failed (exit ${fin.code}): ${fin.stderr.trim().split('\n').at(-1) ?? ''}`);
  const ref = await launch(args(straightDir, false), straightDir);
  if (ref.code !== 0) throw new Error(`uninterrupted run failed (exit ${ref.code}): ${ref.stderr.trim().split('\n').at(-1) ?? ''}`);

  const a = loadCheckpoint<TrainerState>(path.join(killedDir, 'last.ckpt'));
  const b = loadCheckpoint<TrainerState>(path.join(straightDir, 'last.ckpt'));
  const ab = loadCheckpoint<TrainerState>(path.join(killedDir, 'best.ckpt'));
  const bb = loadCheckpoint<TrainerState>(path.join(straightDir, 'best.ckpt'));
  const pick = ({ step, epoch, batchInEpoch, adamT, lrScale, bestBleu, bestStep, badEvals, stopped }: TrainerState) => JSON.stringify({ step, epoch, batchInEpoch, adamT, lrScale, bestBleu, bestStep, badEvals, stopped });
  const params = tensorMismatches(a, b, 'p/', 'last.ckpt');
  const adam = [...tensorMismatches(a, b, 'm/', 'last.ckpt'), ...tensorMismatches(a, b, 'v/', 'last.ckpt')];
  const best = [...tensorMismatches(ab, bb, 'p/', 'best.ckpt'), ...(pick(ab.state) === pick(bb.state) ? [] : ['best.ckpt state'])];
  const state = pick(a.state) === pick(b.state) ? [] : [`state: ${pick(a.state)} vs ${pick(b.state)}`];
  // config.json names its own folder (outDir); everything else in it must match.
  const runFile = (dir: string, f: string) => (f === 'config.json' ? JSON.stringify({ ...JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')), outDir: '' }) : fs.readFileSync(path.join(dir, f)).toString('base64'));
  const files = ['config.json', 'vocab.json'].filter((f) => runFile(killedDir, f) !== runFile(straightDir, f));
  const mismatches = [...params, ...adam, ...state, ...best, ...files.map((f) => `${f} differs`)];
  const leftoverTmpFiles = fs.readdirSync(killedDir).filter((f) => f.endsWith('.tmp')).length;
  const identical = { params: params.length === 0, adam: adam.length === 0, state: state.length === 0, best: best.length === 0, runFiles: files.length === 0 };
  const ok = Object.values(identical).every(Boolean) && kills.every((k) => k.checkpointOk && k.bestOk !== false) && a.state.step === o.maxSteps;
  return { config: o.config, maxSteps: o.maxSteps, seed: o.seed, kills, resumes, finalStep: a.state.step, identical, mismatches, leftoverTmpFiles, seconds: (performance.now() - t0) / 1000, ok };
}

function printSummary(s: FaultKillSummary): void {
  const rows = s.kills.map((k) => `  kill ${k.kill}: target step ${k.targetStep} +${k.delayMs} ms → killed at step ${k.stepAtKill}, ${!k.checkpointOk ? `last.ckpt BROKEN: ${k.error}` : k.checkpointStep === null ? 'no last.ckpt yet' : `last.ckpt at step ${k.checkpointStep} loads`}${k.bestOk === null ? '' : k.bestOk ? ', best.ckpt loads' : ', best.ckpt BROKEN'}`);
  console.log([
    `fault-kill: ${s.config}, ${s.maxSteps} steps, seed ${s.seed}`,
    `SIGKILLs: ${s.kills.length}, resumes: ${s.resumes}`,
    ...rows,
    `resumed run finished at step ${s.finalStep}; uninterrupted run in the same config for comparison`,
    `bitwise equal: parameters ${s.identical.params ? 'yes' : 'NO'}, Adam moments ${s.identical.adam ? 'yes' : 'NO'}, trainer state ${s.identical.state ? 'yes' : 'NO'}, best.ckpt ${s.identical.best ? 'yes' : 'NO'}, config.json/vocab.json ${s.identical.runFiles ? 'yes' : 'NO'}`,
    ...s.mismatches.slice(0, 10).map((m) => `  mismatch: ${m}`),
    `leftover temp files from killed writes: ${s.leftoverTmpFiles}`,
    `result: ${s.ok ? 'PASS' : 'FAIL'} (${s.seconds.toFixed(1)} s)`,
  ].join('\n'));
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  runCli(HELP, async () => {
    const { values } = parseArgs({ options: {
      config: { type: 'string', default: 'tests/fixtures/train/tiny.json' }, kills: { type: 'string', default: '5' }, 'max-steps': { type: 'string' },
      seed: { type: 'string', default: '1' }, out: { type: 'string', default: 'runs/fault-kill' }, json: { type: 'string' }, help: { type: 'boolean' },
    } });
    const int = (name: string, raw: string, min: number) => {
      const n = Number(raw);
      if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min}, got ${raw}`);
      return n;
    };
    const cfg = readTrainConfig(values.config!);
    const maxSteps = values['max-steps'] !== undefined ? int('max-steps', values['max-steps'], 1) : cfg.train.maxSteps || 60;
    const summary = await faultKill({ config: values.config!, kills: int('kills', values.kills!, 0), maxSteps, seed: int('seed', values.seed!, 0), out: values.out! });
    printSummary(summary);
    if (values.json) writeFileAtomic(values.json, JSON.stringify(summary, null, 2) + '\n');
    if (!summary.ok) process.exitCode = 1;
  });
}
