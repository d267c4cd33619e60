/**
 * Worker latency under `wrangler dev` (workerd, the production wasm path), measured by an
 * HTTP client on the same machine:
 *  - cold start: process spawn → GET /health answers ("ready") → first translation done;
 *  - 200 fixed test sentences of ~5/~10/~20 words, one per request, beam 1 and 4,
 *    concurrency 1 and 8: p50/p95/p99 per request, per length bucket, and source words/s;
 *  - memory: the isolate's model memory as the Worker reports it (DIAGNOSTICS=1 →
 *    X-Isolate-Memory: tfjs wasm memory, tensor bytes, host tables) after the first
 *    translation and at the end, and the RSS of the group's workerd processes (an upper
 *    bound that also holds the runtime, load-time garbage and allocator slack);
 *  - workerd CPU time per request (load-independent: what latency would be on an idle core,
 *    HTTP handling included).
 * The translate cache is off (TRANSLATE_CACHE_TTL=0) so every request decodes.
 *
 * --graph reference runs the Worker with EDGE_KERNELS=reference (the float32 graph, "before"
 * the fused int8 kernels); results then go to worker-latency-reference.json.
 *
 *   npx tsx bench/worker-latency.ts [--sentences 200] [--beams 1,4] [--concurrency 1,8] [--no-shortlist] [--graph fused|reference]
 */
import { parseArgs } from 'node:util';
import { benchSentences, type BenchSentence, type Bucket } from './lib/bench-sentences.ts';
import { startBenchServer, type BenchServer } from './lib/dev-server.ts';
import { describeContext, runContext } from './lib/run-context.ts';
import { summarize, type Summary } from './lib/stats.ts';
import { checkTarget, formatCheck, KERNEL_TARGETS, TARGETS, type TargetCheck } from './lib/targets.ts';
import { writeResult } from './lib/write-result.ts';
import type { TranslatorMemory } from '../src/serving/translator.ts';

const TOKEN = 'bench-token-5e1f0c';
const MB = 1e6;

const intList = (raw: string, name: string) => raw.split(',').map((x) => {
  const n = Number(x);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a comma-separated list of positive integers, got ${JSON.stringify(raw)}`);
  return n;
});

interface Sample { bucket: Bucket; words: number; ms: number; outTokens: number }

async function translate(server: BenchServer, text: string, beam: number): Promise<{ ms: number; outTokens: number; memory?: TranslatorMemory }> {
  const t0 = performance.now();
  const res = await fetch(`${server.url}/translate`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ text, beam, nbest: 1 }),
  });
  const body = (await res.json()) as { translations?: { nbest: { tokens: string[] }[] }[]; error?: { message: string } };
  const ms = performance.now() - t0;
  if (res.status !== 200 || !body.translations) throw new Error(`POST /translate answered ${res.status}: ${body.error?.message ?? 'no translations'}`);
  const memory = res.headers.get('X-Isolate-Memory');
  return { ms, outTokens: body.translations[0].nbest[0].tokens.length, ...(memory ? { memory: JSON.parse(memory) as TranslatorMemory } : {}) };
}

/** Sends every sentence once with at most `concurrency` requests in flight. */
async function runLoad(server: BenchServer, sentences: BenchSentence[], beam: number, concurrency: number) {
  const samples: Sample[] = [];
  let next = 0;
  const cpu0 = server.workerdCpuMs();
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < sentences.length) {
      const s = sentences[next++];
      const r = await translate(server, s.text, beam);
      samples.push({ bucket: s.bucket, words: s.words, ms: r.ms, outTokens: r.outTokens });
    }
  }));
  const seconds = (performance.now() - t0) / 1000;
  const cpuMs = server.workerdCpuMs() - cpu0;
  const words = samples.reduce((a, s) => a + s.words, 0);
  const byBucket = Object.fromEntries(([5, 10, 20] as const).map((b) => [b, summarize(samples.filter((s) => s.bucket === b).map((s) => s.ms))])) as Record<Bucket, Summary>;
  return {
    beam, concurrency, requests: samples.length, seconds: Math.round(seconds * 100) / 100,
    wordsPerSecond: Math.round(words / seconds), requestsPerSecond: Math.round((samples.length / seconds) * 10) / 10,
    outputTokensPerRequest: Math.round((samples.reduce((a, s) => a + s.outTokens, 0) / samples.length) * 10) / 10,
    latencyMs: summarize(samples.map((s) => s.ms)), latencyMsByBucket: byBucket,
    workerdCpuMsPerRequest: Math.round((cpuMs / samples.length) * 10) / 10,
    wordsPerWorkerdCpuSecond: Math.round(words / (cpuMs / 1000)),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: {
    sentences: { type: 'string', default: '200' }, beams: { type: 'string', default: '1,4' },
    concurrency: { type: 'string', default: '1,8' }, 'no-shortlist': { type: 'boolean', default: false },
    graph: { type: 'string', default: 'fused' },
  } });
  const graph = values.graph!;
  if (graph !== 'fused' && graph !== 'reference') throw new Error(`--graph must be fused or reference, got ${JSON.stringify(graph)}`);
  const [n] = intList(values.sentences!, 'sentences');
  const beams = intList(values.beams!, 'beams'), concurrencies = intList(values.concurrency!, 'concurrency');
  const shortlist = !values['no-shortlist'];
  const machine = runContext();
  console.log(`worker latency (wrangler dev, ${shortlist ? 'shortlist as shipped' : 'full vocabulary'}, ${graph} graph): ${describeContext(machine)}`);
  const sentences = benchSentences('training/data/en-es', n);
  const tenWords = sentences.find((s) => s.bucket === 10) ?? sentences[0];

  const server = await startBenchServer({ TRANSLATE_CACHE_TTL: '0', API_TOKEN: TOKEN, DIAGNOSTICS: '1', EDGE_KERNELS: graph }, shortlist ? {} : { script: 'bench/worker-full-vocab.ts' });
  try {
    const rssReady = server.workerdRss();
    const cpuReady = server.workerdCpuMs();
    const first = await translate(server, tenWords.text, 4);
    const firstDone = performance.now();
    const coldCpuMs = server.workerdCpuMs() - cpuReady;
    const rssFirst = server.workerdRss();
    const second = await translate(server, tenWords.text, 4);
    for (const s of sentences.slice(0, 10)) await translate(server, s.text, 1); // warm-up
    const cold = {
      spawnToReadyMs: Math.round(server.readyAt - server.spawnedAt),
      readyToFirstTranslationMs: Math.round(firstDone - server.readyAt),
      spawnToFirstTranslationMs: Math.round(firstDone - server.spawnedAt),
      firstRequestMs: Math.round(first.ms),
      secondRequestMs: Math.round(second.ms),
      // workerd CPU time of the first request (model fetch, checks, load, translation): what it costs on an idle core.
      firstRequestWorkerdCpuMs: coldCpuMs,
      note: 'ready = first 200 from GET /health (the isolate is up; the model loads lazily on the first /translate, from the fresh seeded local R2 of this run: its cache is empty); first and second request: the same 10-word sentence, beam 4',
    };
    console.log(`cold start: spawn → ready ${cold.spawnToReadyMs} ms, ready → first translation ${cold.readyToFirstTranslationMs} ms (first request ${cold.firstRequestMs} ms, workerd CPU ${cold.firstRequestWorkerdCpuMs} ms; same request again ${cold.secondRequestMs} ms)`);
    const runs: Awaited<ReturnType<typeof runLoad>>[] = [];
    for (const beam of beams) {
      for (const concurrency of concurrencies) {
        const r = await runLoad(server, sentences, beam, concurrency);
        runs.push(r);
        const b = r.latencyMsByBucket;
        console.log(`beam ${beam} × ${concurrency} in flight: ${r.requests} requests in ${r.seconds} s, ${r.wordsPerSecond} words/s, p50/p95/p99 ${r.latencyMs.p50}/${r.latencyMs.p95}/${r.latencyMs.p99} ms ` +
          `(p50 by length: 5w ${b[5].p50}, 10w ${b[10].p50}, 20w ${b[20].p50} ms; ${r.outputTokensPerRequest} output subwords/request); ` +
          `workerd CPU ${r.workerdCpuMsPerRequest} ms/request = ${r.wordsPerWorkerdCpuSecond} words per CPU-second`);
      }
    }
    const rssEnd = server.workerdRss();
    const last = await translate(server, tenWords.text, 4);
    const mb = (m: TranslatorMemory | undefined) => m && { wasmMemoryMB: Math.round(m.wasmMemoryBytes / MB * 10) / 10, tensorMB: Math.round(m.tensorBytes / MB * 10) / 10, tensors: m.tensors, hostTablesMB: Math.round(m.hostBytes / MB * 10) / 10 };
    const memory = {
      isolateAfterFirst: mb(first.memory), isolateEnd: mb(last.memory),
      modelMemoryAfterFirstMB: first.memory ? Math.round((first.memory.wasmMemoryBytes + first.memory.hostBytes) / MB * 10) / 10 : undefined,
      workerdRssReadyMB: Math.round(rssReady / MB), workerdRssAfterFirstMB: Math.round(rssFirst / MB), workerdRssEndMB: Math.round(rssEnd / MB),
      workerdRssGrowthMB: Math.round((rssFirst - rssReady) / MB),
      note: 'isolate*: reported by the Worker itself (X-Isolate-Memory): the tfjs wasm linear memory (all tensors, XNNPACK packed weights, activations; it never shrinks) plus the host embedding tables; the JS heap is not observable from inside workerd. workerdRss*: RSS of the workerd processes of this wrangler dev (runtime + isolate + bundled modules + load-time garbage not yet returned to the OS)',
    };
    console.log(`memory: isolate model memory after the first translation ${memory.modelMemoryAfterFirstMB} MB (wasm ${memory.isolateAfterFirst?.wasmMemoryMB} MB incl. ${memory.isolateAfterFirst?.tensorMB} MB of tensors, host tables ${memory.isolateAfterFirst?.hostTablesMB} MB), at the end wasm ${memory.isolateEnd?.wasmMemoryMB} MB; ` +
      `workerd RSS: ready ${memory.workerdRssReadyMB} MB, after first translation ${memory.workerdRssAfterFirstMB} MB (+${memory.workerdRssGrowthMB} MB), end ${memory.workerdRssEndMB} MB`);

    const find = (beam: number, c: number) => runs.find((r) => r.beam === beam && r.concurrency === c);
    const checks: TargetCheck[] = [];
    const b4 = find(4, 1), b1 = find(1, 1);
    const outNote = (r: { outputTokensPerRequest: number }) => `${r.outputTokensPerRequest} output subwords/request: valid for the model measured only`;
    if (b4) checks.push(checkTarget(TARGETS.beam4Latency, b4.latencyMsByBucket[10].p50, `concurrency 1, ${outNote(b4)}`));
    if (b1) checks.push(checkTarget(TARGETS.beam1Latency, b1.latencyMsByBucket[10].p50, `concurrency 1, ${outNote(b1)}`));
    const beam1Runs = runs.filter((r) => r.beam === 1);
    if (beam1Runs.length) {
      const best = beam1Runs.reduce((a, r) => (r.wordsPerSecond > a.wordsPerSecond ? r : a));
      checks.push(checkTarget(TARGETS.throughput, best.wordsPerSecond, `${best.concurrency} in flight, ${best.requests} sentences, ${outNote(best)}`));
    }
    checks.push(checkTarget(TARGETS.coldStart, cold.readyToFirstTranslationMs));
    if (b1) checks.push(checkTarget(KERNEL_TARGETS.beam1Latency, b1.latencyMsByBucket[10].p50, `${graph} graph, concurrency 1`));
    if (b4) checks.push(checkTarget(KERNEL_TARGETS.beam4Latency, b4.latencyMsByBucket[10].p50, `${graph} graph, concurrency 1`));
    if (b1) checks.push(checkTarget(KERNEL_TARGETS.cpu, b1.workerdCpuMsPerRequest, `${graph} graph, all 5/10/20-word sentences, workerd process CPU (HTTP included) / requests`));
    const b1x8 = find(1, 8);
    if (b1x8) checks.push(checkTarget(KERNEL_TARGETS.throughput, b1x8.wordsPerSecond, `${graph} graph`));
    if (memory.modelMemoryAfterFirstMB !== undefined) checks.push(checkTarget(KERNEL_TARGETS.memory, memory.modelMemoryAfterFirstMB, `${graph} graph, wasm memory + host tables`));
    if (memory.modelMemoryAfterFirstMB !== undefined) {
      checks.push(checkTarget(TARGETS.memory, memory.modelMemoryAfterFirstMB, `in workerd: tfjs wasm memory + host tables as the isolate reports them (JS heap not observable there; workerd RSS grew ${memory.workerdRssGrowthMB} MB, runtime and load-time garbage included)`));
    }
    for (const c of checks) console.log(formatCheck(c));
    const file = writeResult(`worker-latency${graph === 'reference' ? '-reference' : ''}${shortlist ? '' : '-full-vocab'}`, { benchmark: 'worker-latency', machine, shortlist, graph, sentences: { total: sentences.length, byBucket: { 5: sentences.filter((s) => s.bucket === 5).length, 10: sentences.filter((s) => s.bucket === 10).length, 20: sentences.filter((s) => s.bucket === 20).length } }, cold, memory, runs, targets: checks });
    console.log(`wrote ${file}`);
  } finally {
    await server.stop();
  }
}

main().catch((e: unknown) => {
  if (process.env.DEBUG) console.error(e);
  process.stderr.write(`worker-latency: ${(e as Error).message.split('\n')[0]}\n`);
  process.exitCode = 1;
});
