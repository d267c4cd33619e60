/**
 * `npm run bench:summary`: prints the figures of bench/results/*.json as markdown tables
 * (the ones docs/performance.md and the README quote), with the machine, load, commit and
 * model each file recorded. Reads only; run `npm run bench` first.
 */
import fs from 'node:fs';
import path from 'node:path';
import { RESULTS_DIR } from './lib/write-result.ts';

// The result files are written by this folder's benchmarks; their shapes are read loosely.
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const read = (name: string): Json | undefined => {
  const f = path.join(RESULTS_DIR, `${name}.json`);
  return fs.existsSync(f) ? (JSON.parse(fs.readFileSync(f, 'utf8')) as Json) : undefined;
};
const row = (cells: unknown[]) => `| ${cells.map((c) => (c === undefined || c === null ? '—' : String(c))).join(' | ')} |`;
const table = (head: string[], rows: unknown[][]) => [row(head), row(head.map(() => '---')), ...rows.map(row)].join('\n');
const origin = (r: Json) => {
  const m = r.machine ?? {};
  const model = m.model ? `, model ${m.model.id} (${m.model.trainingSteps} steps)` : '';
  return `_${m.date ?? ''} · ${m.cpu ?? ''} × ${m.cores ?? ''} · load ${m.loadAvg1m ?? m.loadavg?.[0] ?? '?'} · commit ${m.commit ?? '?'}${model}_`;
};

function section(title: string, r: Json | undefined, body: (r: Json) => string): void {
  console.log(`\n### ${title}\n`);
  if (!r) { console.log('(no result file: run npm run bench)'); return; }
  console.log(body(r));
  console.log(`\n${origin(r)}`);
}

console.log('### Targets\n');
const targets = ['worker-latency', 'engine-memory', 'bundle-size', 'shortlist-quality'].flatMap((n) => read(n)?.targets ?? []);
console.log(table(['target', 'measured', 'limit', 'verdict', 'note'], targets.map((t: Json) => [t.what, `${t.measured} ${t.unit}`, `${t.kind === 'max' ? '<' : '>'} ${t.limit} ${t.unit}`, t.pass ? 'met' : 'missed', t.note ?? ''])));

section('Worker latency (wrangler dev, client-measured)', read('worker-latency'), (r) => [
  table(['beam', 'in flight', 'p50', 'p95', 'p99', 'p50 5 / 10 / 20 words', 'words/s', 'workerd CPU/request', 'output subwords/request'],
    r.runs.map((x: Json) => [x.beam, x.concurrency, `${x.latencyMs.p50} ms`, `${x.latencyMs.p95} ms`, `${x.latencyMs.p99} ms`,
      `${x.latencyMsByBucket[5].p50} / ${x.latencyMsByBucket[10].p50} / ${x.latencyMsByBucket[20].p50} ms`, x.wordsPerSecond, `${x.workerdCpuMsPerRequest} ms`, x.outputTokensPerRequest])),
  '',
  `Cold start: spawn → ready ${r.cold.spawnToReadyMs} ms, ready → first translation ${r.cold.readyToFirstTranslationMs} ms (the same request again: ${r.cold.secondRequestMs} ms).`,
  r.memory.isolateAfterFirst
    ? `Isolate model memory after the first translation: ${r.memory.modelMemoryAfterFirstMB} MB (wasm ${r.memory.isolateAfterFirst.wasmMemoryMB} MB, of which tensors ${r.memory.isolateAfterFirst.tensorMB} MB; host tables ${r.memory.isolateAfterFirst.hostTablesMB} MB); wasm at the end ${r.memory.isolateEnd?.wasmMemoryMB} MB. workerd RSS: ${r.memory.workerdRssReadyMB} MB at ready, ${r.memory.workerdRssAfterFirstMB} MB after the first translation, ${r.memory.workerdRssEndMB} MB at the end.`
    : `workerd RSS: ${r.memory.workerdRssReadyMB} → ${r.memory.workerdRssAfterFirstMB} MB.`,
].join('\n'));

section('Engine memory (Node stand-in for the isolate)', read('engine-memory'), (r) => table(
  ['state', 'wasm memory', 'tensors', 'JS heap', 'ArrayBuffers', 'isolate total'],
  r.readings.map((x: Json) => [x.label, `${x.wasmMemoryMB} MB`, `${x.tensorMB} MB (${x.tensors})`, `${x.jsHeapUsedMB} MB`, `${x.arrayBuffersMB} MB`, `${x.isolateMB} MB`]),
));

section('Bundle', read('bundle-size'), (r) => table(['module', 'bytes', 'gzip'], [
  ...r.files.map((f: Json) => [f.file, f.bytes.toLocaleString('en'), f.gzipBytes.toLocaleString('en')]),
  ['**total**', r.rawBytes.toLocaleString('en'), `**${r.gzipBytes.toLocaleString('en')}** (${(r.gzipBytes / 2 ** 20).toFixed(2)} MiB)`],
]));

section('Backends', read('backend-ratio'), (r) => table(['backend', 'CPU ms per sentence (greedy)', 'CPU ms, encode + 20 steps'],
  r.runs.map((x: Json) => [x.backend, x.translateMs.cpuMs.toFixed(1), x.fixedDecodeMs.cpuMs.toFixed(1)])) + `\n\ncpu / wasm: ${r.ratio.translate}× per sentence, ${r.ratio.fixedDecode}× per fixed decode; identical translations ${Math.round(100 * r.agreement)}%.`);

section('Roofline', read('roofline'), (r) => [
  `Peak matmul ${r.peak.gflops} GFLOP/s. Encoder: ${r.encoder.timing.cpuMs} ms CPU for ${r.encoder.sourceTokens} subwords (${r.encoder.msPerSourceToken} ms/subword, ${r.encoder.gflops} GFLOP/s).`,
  '',
  table(['decoder step', 'CPU', 'GFLOP/s', 'of peak', 'kernels', 'matmuls', 'host log-softmax', 'other kernels (floor)', 'rest'],
    (Object.entries(r.steps) as [string, Json][]).map(([k, s]) => {
      const b = r.breakdown[k];
      return [k, `${s.timing.cpuMs} ms`, s.gflops, `${s.percentOfPeak}%`, b.kernels, `${b.matmulsMs} ms`, `${b.logSoftmaxMs} ms`, `${b.dispatchFloorMs} ms`, `${b.restMs} ms`];
    })),
  '',
  ...(Object.entries(r.projected) as [string, Json][]).map(([k, p]) => `Projected (${k}, ${p.outputSubwords} output subwords): greedy ${p.greedyMs} ms, beam 4 ${p.beam4Ms} ms CPU per 10-word sentence.`),
].join('\n'));

section('Lexical shortlist', read('shortlist-quality'), (r) => table(
  ['beam', 'BLEU full', 'BLEU shortlist', 'Δ', 'identical outputs', 'CPU ms/sentence full → shortlist'],
  r.runs.map((x: Json) => [x.beam, x.bleuFull, x.bleuShortlist, x.deltaBleu, `${Math.round(100 * x.agreement)}%`, `${x.msPerSentenceFull} → ${x.msPerSentenceShortlist} (×${x.speedup})`]),
) + `\n\n${r.sentences} test sentences; mean shortlist ${r.fit.meanSize} columns; reference subword coverage ${(100 * r.fit.coverage).toFixed(2)}%.`);

section('Training throughput', read('train-throughput'), (r) => table(['mode', 'target tokens/s (median)', 'ms/step', 'tokens per CPU-second'], [
  ['1 thread, fast path', r.fastPath.medianTargetTokensPerSecond, r.fastPath.medianStepMs, r.fastPath.medianTargetTokensPerCpuSecond],
  ...(r.noFastPath ? [['1 thread, without the transposed-matmul patch', r.noFastPath.medianTargetTokensPerSecond, r.noFastPath.medianStepMs, r.noFastPath.medianTargetTokensPerCpuSecond]] : []),
  ...(r.twoThreads ? [['2 threads (--workers 2)', r.twoThreads.medianTargetTokensPerSecond, r.twoThreads.medianStepMs, r.twoThreads.medianTargetTokensPerCpuSecond]] : []),
]) + (r.twoThreads ? `\n\n2 threads: ${r.twoThreads.speedupVsOneThread}× one thread on the same batches.` : ''));
