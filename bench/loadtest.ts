/**
 * `npm run loadtest -- [--duration 60] [--concurrency 8,32] [--beam 4] [--timeout 120]
 *                      [--cache] [--no-limits] [--no-worst-case] [--out bench/results/loadtest.json]`
 *
 * Load test of the Worker on this machine: starts `wrangler dev` on 127.0.0.1 (free port,
 * quiet and offline, translate cache off unless --cache), warms the model, then drives
 * POST /translate with a closed loop of N keep-alive connections for --duration seconds
 * per concurrency level, one test-split sentence per request (short/medium/long
 * interleaved). Reports requests/s, p50/p90/p99 latency, errors (must be 0) and the
 * workerd resident memory (VmRSS) at start, after warm-up and after each phase; then
 * times requests at the documented limits over HTTP and the forced worst case in Node
 * (bench/loadtest/limits-timing.ts). Writes the JSON report atomically and exits 1 if
 * any request failed. Loopback only; the dev server's process group is always stopped.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runCli } from '../tools/cli.ts';
import { REPO_ROOT, startDevServer, type DevServer } from '../tools/wrangler-process.ts';
import { driveLoad, type LoadResult } from './loadtest/drive-load.ts';
import {
  SUBWORD_PER_CHAR_TEXT,
  WORKERS_PAID_CPU_BUDGET_MS,
  atLimitsBody,
  timeTranslate,
  worstCaseInNode,
  type TimedRequest,
  type WorstCase,
} from './loadtest/limits-timing.ts';
import { sentenceMix, testPairs } from './loadtest/sentences.ts';
import { workerdMemory, type WorkerdMemory } from './loadtest/workerd-memory.ts';

const HELP = `Usage: npm run loadtest -- [options]
  --duration S        seconds per concurrency level (default 60)
  --concurrency LIST  comma-separated connection counts (default 8,32)
  --beam N            beam size of each request, 1..8 (default 4, the API default)
  --timeout S         per-request timeout in seconds (default 120)
  --cache             keep the /translate cache on (default off: every request runs the model)
  --no-limits         skip timing the requests at the documented limits
  --no-worst-case     skip the forced worst-case decoding in Node
  --model DIR         model folder for the Node worst case (default weights/en-es)
  --out FILE          JSON report (default bench/results/loadtest.json)`;

function positiveInt(name: string, raw: string, max: number): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new Error(`--${name} must be an integer in 1..${max}, got ${raw}`);
  return n;
}

/** Writes `json` to `file` via a temporary file and a rename. */
function writeJsonAtomically(file: string, json: unknown): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(json, null, 2) + '\n');
  fs.renameSync(tmp, file);
}

const totalRss = (m: WorkerdMemory[]) => Math.round(m.reduce((a, p) => a + p.rssMiB, 0) * 10) / 10;
const log = (line: string) => process.stderr.write(`${line}\n`);

runCli(HELP, async () => {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string', default: '60' },
      concurrency: { type: 'string', default: '8,32' },
      beam: { type: 'string', default: '4' },
      timeout: { type: 'string', default: '120' },
      cache: { type: 'boolean', default: false },
      'no-limits': { type: 'boolean', default: false },
      'no-worst-case': { type: 'boolean', default: false },
      model: { type: 'string', default: 'weights/en-es' },
      out: { type: 'string', default: 'bench/results/loadtest.json' },
      help: { type: 'boolean' },
    },
  });
  const durationS = positiveInt('duration', values.duration!, 3600);
  const levels = values.concurrency!.split(',').map((c) => positiveInt('concurrency', c.trim(), 256));
  const beam = positiveInt('beam', values.beam!, 8);
  const timeoutMs = positiveInt('timeout', values.timeout!, 3600) * 1000;
  const pairs = testPairs(REPO_ROOT);
  const mix = sentenceMix(pairs.map((p) => p.en));
  const auth: Record<string, string> = process.env.API_TOKEN ? { Authorization: `Bearer ${process.env.API_TOKEN}` } : {};

  const loadBefore = os.loadavg()[0]!;
  log(`starting wrangler dev (cache ${values.cache ? 'on' : 'off'})...`);
  // The rate limit is off: the load test sends far more than one client may.
  const server: DevServer = await startDevServer(values.cache ? { RATE_LIMIT: 'off' } : { RATE_LIMIT: 'off', TRANSLATE_CACHE_TTL: '0' });
  const port = Number(new URL(server.url).port);
  // Ctrl-C: stop exactly the process group we started, then leave.
  process.once('SIGINT', () => void server.stop().finally(() => process.exit(130)));
  if (new URL(server.url).hostname !== '127.0.0.1') throw new Error(`refusing a non-loopback URL ${server.url}`);

  const memory: Array<{ at: string; processes: WorkerdMemory[]; totalMiB: number }> = [];
  const snapshot = (at: string) => {
    const processes = workerdMemory(port);
    memory.push({ at, processes, totalMiB: totalRss(processes) });
    log(`memory ${at}: ${processes.map((p) => `${p.role} ${p.rssMiB} MiB`).join(', ')}`);
  };

  const phases: LoadResult[] = [];
  const limits: TimedRequest[] = [];
  let modelId = '';
  try {
    snapshot('start');
    const card = await fetch(`${server.url}/model`, { headers: auth });
    if (card.status !== 200) throw new Error(`GET /model answered ${card.status}: ${(await card.text()).slice(0, 200)}`);
    modelId = ((await card.json()) as { model: { id: string } }).model.id;
    for (let i = 0; i < 6; i++) {
      const res = await fetch(`${server.url}/translate`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...auth }, body: JSON.stringify({ text: mix.sentences[i], beam }) });
      if (res.status !== 200) throw new Error(`warm-up request answered ${res.status}`);
      await res.arrayBuffer();
    }
    snapshot('after warm-up');

    for (const concurrency of levels) {
      log(`load: ${concurrency} connections for ${durationS} s...`);
      const result = await driveLoad({
        url: `${server.url}/translate`,
        concurrency,
        durationMs: durationS * 1000,
        timeoutMs,
        request: (i) => ({
          method: 'POST',
          headers: { 'Content-Type': 'application/json', ...auth },
          body: JSON.stringify({ text: mix.sentences[i % mix.sentences.length], beam }),
        }),
      });
      phases.push(result);
      log(`  ${result.requestsPerSecond} req/s, p50 ${result.latencyMs.p50} ms, p99 ${result.latencyMs.p99} ms, ${result.errors} errors of ${result.requests}`);
      snapshot(`after ${concurrency} connections`);
    }

    if (!values['no-limits']) {
      log('timing requests at the documented limits...');
      for (const [name, what, body] of [
        ['at-limits', '16 natural texts of 1000 characters (+ references), beam 8, nbest 8, maxLength 32 (the decoding-work budget), attention', atLimitsBody(pairs)],
        ['subword-per-char', '1 text of 1000 one-character subwords, beam 8, nbest 8, maxLength 256', { text: SUBWORD_PER_CHAR_TEXT, beam: 8, nbest: 8, maxLength: 256 }],
      ] as const) {
        const timed = await timeTranslate(server.url, what, body, auth, Math.max(timeoutMs, 600_000));
        limits.push(timed);
        log(`  ${timed.status} in ${timed.ms} ms: ${what}`);
        snapshot(`after the ${name} request`);
      }
    }
    snapshot('end');
  } finally {
    await server.stop();
  }

  let worstCase: WorstCase | undefined;
  if (!values['no-worst-case']) {
    log('forced worst case in Node (no hypothesis ever ends)...');
    worstCase = await worstCaseInNode(path.resolve(REPO_ROOT, values.model!));
    for (const t of worstCase.perText) log(`  ${t.sourceSubwords} subwords, beam ${t.beam}, ${t.steps} steps: ${t.ms} ms, wasm memory ${t.wasmHeapMiB} MiB`);
    log(`  16 texts at the character limit: ${worstCase.msPerRequestAtLimits} ms (wasm memory after load ${worstCase.wasmHeapMiBAfterLoad} MiB)`);
  }

  const report = {
    generated: new Date().toISOString(),
    machine: { cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, loadAverage1mAtStart: Math.round(loadBefore * 100) / 100, node: process.version },
    model: modelId,
    settings: { durationSeconds: durationS, concurrency: levels, beam, cache: values.cache, timeoutMs, requestMix: mix.buckets },
    phases,
    memory,
    limits: { workersPaidCpuBudgetMs: WORKERS_PAID_CPU_BUDGET_MS, overHttp: limits, worstCaseInNode: worstCase ?? null },
  };
  const out = path.resolve(REPO_ROOT, values.out!);
  writeJsonAtomically(out, report);
  const errors = phases.reduce((n, p) => n + p.errors, 0) + limits.filter((l) => l.status !== 200).length;
  process.stdout.write(`${JSON.stringify({ phases: phases.map(({ errorSamples: _, ...p }) => p), memory: memory.map((m) => ({ at: m.at, totalMiB: m.totalMiB })), limits: report.limits }, null, 2)}\n`);
  log(`wrote ${path.relative(REPO_ROOT, out)}`);
  if (errors > 0) throw new Error(`${errors} requests failed (see errorSamples in ${path.relative(REPO_ROOT, out)})`);
});
