/**
 * `npm run redeploy` end to end on a tiny model and a tiny synthetic data set, all in a
 * temp folder: the "deployed" weights come from a tiny training run made here; then a
 * better candidate is swapped in, a worse one is refused, failing tests roll the swap
 * back, and a run killed during training resumes without redoing finished stages.
 * Also `npm run eval` on the same weights. Publish: to a temp local R2 (--persist-to).
 * Deploy: one real `wrangler deploy --dry-run`.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTestSet } from '../../training/redeploy/test-split.ts';
import { DEFAULT_ALPHA } from '../../src/model/search/length-penalty.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const DATA = path.join(ROOT, 'tests', 'fixtures', 'redeploy', 'tiny-ui.tsv');
const RECORD = path.join(ROOT, 'tests', 'fixtures', 'redeploy', 'record-weights.mjs');
const ENV = { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1' };

interface Ran { code: number | null; signal: NodeJS.Signals | null; out: string; stdout: string }

/** Runs a training CLI from the repo root; `onStart` gets the child (own process group). */
function run(script: string, args: string[], onStart?: (pid: number) => void): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, [path.join(ROOT, script), ...args], { cwd: ROOT, env: ENV, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, out, stdout }));
    if (onStart && child.pid) onStart(child.pid);
  });
}

async function mustRun(script: string, args: string[]): Promise<string> {
  const r = await run(script, args);
  if (r.code !== 0) throw new Error(`${script} exited with ${r.code}:\n${r.out.slice(-3000)}`);
  return r.out;
}

/** sha256 of every file in a folder (sorted by name). */
function dirSha(dir: string): Record<string, string> {
  return Object.fromEntries(fs.readdirSync(dir).sort().map((f) => [f, createHash('sha256').update(fs.readFileSync(path.join(dir, f))).digest('hex')]));
}

const lastLine = (out: string) => out.trim().split('\n').pop() ?? '';
const readJson = (f: string) => JSON.parse(fs.readFileSync(f, 'utf8'));

let tmp: string;
let config: string;
let configEveryStep: string;
let baseWeights: string;

/** A fresh copy of the "deployed" weights in `<case>/weights/en-es`. */
function deployedCopy(caseDir: string): string {
  const dir = path.join(caseDir, 'weights', 'en-es');
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  fs.cpSync(baseWeights, dir, { recursive: true });
  return dir;
}

const common = (caseDir: string, weights: string) => ['--data', DATA, '--no-debian', '--weights-dir', weights, '--work-dir', path.join(caseDir, 'work')];

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'redeploy-e2e-'));
  const corpus = path.join(tmp, 'base-corpus');
  await mustRun('training/corpus.ts', ['--no-debian', '--data', DATA, '--out', corpus]);
  const vocab = path.join(tmp, 'bpe-400.json');
  await mustRun('training/tokenizer.ts', ['--corpus', corpus, '--vocab-size', '400', '--out', vocab]);
  const cfg = {
    name: 'tiny-ui',
    model: { embDim: 48, cell: 'gru', encHidden: 32, encLayers: 1, decHidden: 64, attention: 'bahdanau', attnDim: 32, outDim: 32, tieOutput: false, dropout: 0, init: 'glorot' },
    data: { corpus, vocab, maxLen: 24, devLimit: 55 },
    train: {
      seed: 1, lr: 0.02, warmupSteps: 10, maxTokens: 600, maxRows: 64, labelSmoothing: 0, clipNorm: 1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8,
      maxEpochs: 50, maxSteps: 200, evalEvery: 50, checkpointEvery: 10, patience: 20, lrDecay: 1, sampling: { type: 'none', start: 0, slope: 0, k: 1, max: 0 },
    },
    outDir: path.join(tmp, 'base-run'),
  };
  config = path.join(tmp, 'tiny.json');
  fs.writeFileSync(config, JSON.stringify(cfg));
  configEveryStep = path.join(tmp, 'tiny-eval-every-step.json');
  fs.writeFileSync(configEveryStep, JSON.stringify({ ...cfg, train: { ...cfg.train, evalEvery: 1 } }));
  // The "currently deployed" model: 200 steps from scratch, exported like `npm run export`
  // (its manifest has no test-set hash, so the gate must evaluate it).
  await mustRun('training/train.ts', ['--config', config]);
  baseWeights = path.join(tmp, 'base-weights', 'en-es');
  await mustRun('training/export.ts', ['--run', cfg.outDir, '--out', baseWeights]);
}, 180_000);

afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('npm run redeploy', () => {
  it('swaps in a candidate that passes the gate, runs the tests on it, and dry-run deploys', async () => {
    const caseDir = path.join(tmp, 'pass');
    const weights = deployedCopy(caseDir);
    const before = dirSha(weights);
    const seen = path.join(caseDir, 'seen.json');
    const state = path.join(caseDir, 'state');
    const r = await run('training/redeploy.ts', [...common(caseDir, weights), '--config', config, '--init-from', weights, '--max-steps', '100',
      '--test-command', `node ${RECORD} ${weights} ${seen}`, '--dry-run', '--persist-to', state]);
    expect(r.code, r.out.slice(-3000)).toBe(0);
    const candidate = path.join(caseDir, 'work', 'candidate');
    const after = dirSha(weights);
    expect(after).toEqual(dirSha(candidate));
    expect(after['model.bin']).not.toBe(before['model.bin']);
    expect(readJson(path.join(weights, 'manifest.json')).files['model.bin'].sha256).toBe(after['model.bin']);
    // The tests ran against the new weights, already in place.
    expect(readJson(seen).model_sha256).toBe(after['model.bin']);
    expect(r.out).toMatch(/evaluating it now/);
    expect(r.out).toMatch(/quality gate passed: base test \(\d+ sentences\): candidate BLEU [\d.]+ vs deployed BLEU [\d.]+/);
    expect(r.out).toMatch(/│ base test +│ \d+ +│ [\d.]+ +│ [\d.]+ +│ [+-][\d.]+ +│/); // the before/after table
    expect(r.out).toMatch(/bundle: \d+ modules, [\d.]+ (KiB|MiB) raw, [\d.]+ (KiB|MiB) gzip/);
    // Published to the (local) model store: objects read back, then the pointer flipped.
    const newId = readJson(path.join(weights, 'manifest.json')).model_id;
    expect(r.out).toContain(`verified 4 objects of en-es/${newId} by reading them back`);
    expect(r.out).toMatch(new RegExp(`published en-es/${newId} to local R2 \\(.*\\): active \\(none\\) → ${newId}`));
    expect(r.out).toMatch(/decision: installed in .*, published en-es\/\S+ to local R2 .* and deployed \(dry run\) \(gate passed\)/);
    expect(fs.existsSync(path.join(state, 'v3', 'r2'))).toBe(true);
    const log = fs.readFileSync(path.join(caseDir, 'work', 'redeploy.log'), 'utf8');
    for (const stage of ['corpus', 'train', 'export', 'compare', 'gate', 'install', 'publish', 'deploy']) expect(log).toContain(`] ${stage}: `);
    expect(fs.readdirSync(path.dirname(weights))).toEqual(['en-es']);
  }, 240_000);

  it('refuses a worse candidate with exit 3 and both scores, leaving every weights file untouched', async () => {
    const caseDir = path.join(tmp, 'refuse');
    const weights = deployedCopy(caseDir);
    // Record the test set in the deployed manifest, as redeploy does: the gate then takes
    // the deployed score from the manifest instead of evaluating the weights again.
    const manifestFile = path.join(weights, 'manifest.json');
    const manifest = readJson(manifestFile);
    manifest.scores.test.test_set_sha256 = loadTestSet(path.join(tmp, 'base-corpus')).sha256;
    fs.writeFileSync(manifestFile, JSON.stringify(manifest));
    const before = dirSha(weights);
    const r = await run('training/redeploy.ts', [...common(caseDir, weights), '--config', configEveryStep, '--max-steps', '1',
      '--test-command', `node ${RECORD} ${weights} ${path.join(caseDir, 'seen.json')}`, '--skip-deploy']);
    expect(r.code, r.out.slice(-3000)).toBe(3);
    expect(r.out).toContain(`manifest scores are for the same ${manifest.scores.test.sentences} test sentences, beam 5 and alpha ${DEFAULT_ALPHA}: BLEU ${manifest.scores.test.int8.bleu}`);
    expect(lastLine(r.out)).toMatch(/^redeploy: error: quality gate refused the candidate: BLEU drops by more than 0.5 on base test \(-[\d.]+\); base test \(\d+ sentences\): candidate BLEU [\d.]+ vs deployed BLEU [\d.]+ \(-[\d.]+\); margin 0.5/);
    const [, cand, old] = /candidate BLEU ([\d.]+) vs deployed BLEU ([\d.]+)/.exec(lastLine(r.out))!;
    expect(Number(old) - Number(cand)).toBeGreaterThan(0.5);
    expect(dirSha(weights)).toEqual(before);
    expect(fs.existsSync(path.join(caseDir, 'seen.json'))).toBe(false);
    expect(fs.readdirSync(path.dirname(weights))).toEqual(['en-es']);
    const state = readJson(path.join(caseDir, 'work', 'state.json'));
    expect(state.stages.gate.status).toBe('failed');
    expect(state.stages.install).toBeUndefined();
  }, 240_000);

  it('restores the previous weights when the tests fail after the swap', async () => {
    const caseDir = path.join(tmp, 'rollback');
    const weights = deployedCopy(caseDir);
    const before = dirSha(weights);
    const seen = path.join(caseDir, 'seen.json');
    // Exporting the deployed model's own run: same BLEU (passes the gate), new manifest.
    const r = await run('training/redeploy.ts', [...common(caseDir, weights), '--config', config, '--skip-train', '--run', path.join(tmp, 'base-run'),
      '--test-command', `node ${RECORD} ${weights} ${seen} 1`, '--skip-deploy']);
    expect(r.code, r.out.slice(-3000)).toBe(1);
    expect(lastLine(r.out)).toMatch(/^redeploy: error: stage install failed: the tests failed with the new weights .*exited with 1\); the previous weights were restored/);
    expect(readJson(seen).test_set_sha256).toMatch(/^[0-9a-f]{64}$/); // the tests saw the candidate
    expect(dirSha(weights)).toEqual(before);
    expect(fs.readdirSync(path.dirname(weights))).toEqual(['en-es']);
  }, 240_000);

  it('resumes a run killed during training without redoing the finished stages', async () => {
    const caseDir = path.join(tmp, 'resume');
    const weights = deployedCopy(caseDir);
    const work = path.join(caseDir, 'work');
    const args = [...common(caseDir, weights), '--config', config, '--init-from', weights, '--max-steps', '100', '--test-command', 'node -e 0', '--skip-deploy'];
    const runLog = path.join(work, 'run', 'log.jsonl');
    const steps = () => (fs.existsSync(runLog) ? fs.readFileSync(runLog, 'utf8').split('\n').filter((l) => l.includes('"type":"step"')).length : 0);
    let stepsAtKill = 0;
    const killed = await run('training/redeploy.ts', args, (pid) => {
      const timer = setInterval(() => {
        if (steps() >= 30 && fs.existsSync(path.join(work, 'run', 'last.ckpt'))) {
          clearInterval(timer);
          stepsAtKill = steps();
          process.kill(-pid, 'SIGKILL'); // the pipeline and its training child, like a crash
        }
      }, 100);
    });
    expect(killed.signal).toBe('SIGKILL');
    const interrupted = readJson(path.join(work, 'state.json'));
    expect(interrupted.stages.corpus.status).toBe('done');
    expect(interrupted.stages.train.status).toBe('running');
    const corpusSha = dirSha(path.join(work, 'corpus'));

    const r = await run('training/redeploy.ts', [...args, '--resume']);
    expect(r.code, r.out.slice(-3000)).toBe(0);
    const state = readJson(path.join(work, 'state.json'));
    const events = (inv: number) => state.history.filter((h: { invocation: number }) => h.invocation === inv).map((h: { stage: string; event: string }) => `${h.stage}:${h.event}`);
    expect(events(1)).toEqual(['corpus:start', 'corpus:done', 'train:start']);
    expect(events(2)).toEqual(['corpus:skip', 'train:start', 'train:done', 'export:start', 'export:done', 'compare:start', 'compare:done',
      'gate:start', 'gate:done', 'install:start', 'install:done', 'publish:start', 'publish:done', 'deploy:start', 'deploy:done']);
    expect(dirSha(path.join(work, 'corpus'))).toEqual(corpusSha);
    const starts = fs.readFileSync(runLog, 'utf8').split('\n').filter((l) => l.includes('"type":"start"')).map((l) => JSON.parse(l));
    expect(starts).toHaveLength(2);
    expect(starts[1].resume).toBe(true);
    // It resumes from the last checkpoint written before the kill (checkpointEvery = 10):
    // the step being logged at kill time may not have reached its checkpoint yet.
    expect(starts[1].step % 10).toBe(0);
    expect(starts[1].step).toBeGreaterThanOrEqual(Math.floor(stepsAtKill / 10) * 10 - 10);
    expect(starts[1].step).toBeGreaterThanOrEqual(20);
    expect(state.stages.train.output.resumedAt).toBe(starts[1].step);
    expect(dirSha(weights)).toEqual(dirSha(path.join(work, 'candidate')));
  }, 240_000);
});

describe('npm run eval', () => {
  it('prints one JSON object with BLEU diagnostics, chrF and chrF++ for greedy and beam', async () => {
    const src = path.join(tmp, 'src.txt');
    const ref = path.join(tmp, 'ref.txt');
    fs.writeFileSync(src, 'Open the file\nDelete the new folders\nCannot print the selected page\n');
    fs.writeFileSync(ref, 'Abrir el archivo\nEliminar las carpetas nuevas\nNo se puede imprimir la página seleccionada\n');
    const r = await run('training/eval.ts', ['--model', baseWeights, '--src', src, '--ref', ref, '--beam', '3']);
    expect(r.code, r.out).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.data.sentences).toBe(3);
    expect(json.beam.beam).toBe(3);
    for (const mode of ['greedy', 'beam']) {
      const b = json[mode].bleu;
      expect(Object.keys(b).sort()).toEqual(['bp', 'counts', 'name', 'precisions', 'ratio', 'ref_len', 'score', 'signature', 'sys_len', 'totals']);
      expect(b.ref_len).toBe(14); // 3 + 4 + 7 reference tokens (13a)
      expect(b.counts[0]).toBeLessThanOrEqual(b.totals[0]);
      expect(json[mode].chrf.signature).toContain('nw:0');
      expect(json[mode].chrf_pp.signature).toContain('nw:2');
      expect(json[mode].sentences_per_second).toBeGreaterThan(0);
    }
  }, 120_000);

  it('scores the test split like the export did (same sentences, beam 5)', async () => {
    const manifest = readJson(path.join(baseWeights, 'manifest.json'));
    const r = await run('training/eval.ts', ['--model', baseWeights, '--split', 'test', '--corpus', path.join(tmp, 'base-corpus'), '--search', 'beam']);
    expect(r.code, r.out.slice(-2000)).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.greedy).toBeUndefined();
    expect(json.data.sentences).toBe(manifest.scores.test.sentences);
    expect(json.beam.bleu.score).toBe(manifest.scores.test.int8.bleu);
  }, 120_000);

  it('rejects mismatched line counts and missing files with one line and exit 2', async () => {
    const src = path.join(tmp, 'two.txt');
    const ref = path.join(tmp, 'one.txt');
    fs.writeFileSync(src, 'Open the file\nClose the file\n');
    fs.writeFileSync(ref, 'Abrir el archivo\n');
    const mismatch = await run('training/eval.ts', ['--model', baseWeights, '--src', src, '--ref', ref]);
    expect(mismatch.code).toBe(2);
    expect(mismatch.stdout).toBe('');
    expect(mismatch.out.trim().split('\n')).toEqual([`error: invalid input: line count mismatch, --src ${src} has 2 lines but --ref ${ref} has 1`]);
    const missing = await run('training/eval.ts', ['--model', baseWeights, '--src', path.join(tmp, 'nope.txt'), '--ref', ref]);
    expect(missing.code).toBe(2);
    expect(missing.out.trim().split('\n')).toEqual([`error: --src file not found: ${path.join(tmp, 'nope.txt')}`]);
  }, 60_000);
});
