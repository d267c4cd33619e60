/**
 * Memory of the translation engine in Node, as a stand-in for the Worker isolate's (same
 * code, same wasm backend; Cloudflare counts the isolate's JS heap plus its WebAssembly
 * memory against 128 MB): the wasm linear memory, the bytes held by tfjs tensors, and the
 * JS heap / ArrayBuffers, after loading the model as the Worker does (with its shortlist
 * unless --no-shortlist), after the first translation, and after 200 more translations
 * (growth there would be a leak). XNNPACK packs each matmul's weights into a second copy on
 * their first use, so "after the first translation" is the steady state.
 * Run with --expose-gc for steadier numbers (garbage is collected before each reading).
 *
 * With EDGE_MT_KERNELS=reference it measures the reference float32 graph (results
 * engine-memory-reference.json), the "before" of the fused int8 kernels.
 *
 *   node --expose-gc --import tsx bench/engine-memory.ts [--no-shortlist]
 */
import * as tf from '@tensorflow/tfjs';
import { parseArgs } from 'node:util';
import { loadEngine } from '../tools/load-engine.ts';
import { initBackend } from '../src/backend/node-wasm.ts';
import { benchSentences } from './lib/bench-sentences.ts';
import { describeContext, runContext } from './lib/run-context.ts';
import { checkTarget, formatCheck, TARGETS } from './lib/targets.ts';
import { writeResult } from './lib/write-result.ts';
import { DEFAULT_ALPHA } from '../src/model/search/length-penalty.ts';

const MB = 1e6;
const round = (x: number) => Math.round(x * 10) / 10;

function reading(label: string) {
  (globalThis as { gc?: () => void }).gc?.();
  const wasmBytes = (tf.backend() as unknown as { wasm: { HEAPU8: Uint8Array } }).wasm.HEAPU8.buffer.byteLength;
  const m = process.memoryUsage();
  const r = { label, wasmMemoryMB: round(wasmBytes / MB), tensorMB: round(tf.memory().numBytes / MB), tensors: tf.memory().numTensors, jsHeapUsedMB: round(m.heapUsed / MB), arrayBuffersMB: round(m.arrayBuffers / MB), rssMB: round(m.rss / MB) };
  const isolateMB = round(r.wasmMemoryMB + r.jsHeapUsedMB + r.arrayBuffersMB);
  console.log(`${label.padEnd(34)} wasm memory ${String(r.wasmMemoryMB).padStart(6)} MB (tensors ${r.tensorMB} MB), JS heap ${r.jsHeapUsedMB} MB, ArrayBuffers ${r.arrayBuffersMB} MB → ${isolateMB} MB; process RSS ${r.rssMB} MB`);
  return { ...r, isolateMB };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { 'no-shortlist': { type: 'boolean', default: false } } });
  const shortlist = !values['no-shortlist'];
  const ctx = runContext();
  console.log(`engine memory (Node, wasm${(globalThis as { gc?: unknown }).gc ? ', gc before each reading' : ', no --expose-gc: readings include garbage'}): ${describeContext(ctx)}`);
  await initBackend('wasm');
  const texts = benchSentences('training/data/en-es', 200).map((s) => s.text);
  const opts = { beam: 4, nbest: 1, alpha: DEFAULT_ALPHA, attention: false };
  const readings = [reading('backend ready')];
  const engine = await loadEngine('weights/en-es', 'model.bin', { shortlist });
  readings.push(reading(`model loaded (${engine.shortlist ? 'shortlist' : 'full vocabulary'})`));
  engine.translate(texts.slice(0, 1), opts);
  readings.push(reading('after the first translation'));
  engine.translate(texts, opts);
  readings.push(reading('after 200 more translations'));
  const added = round(readings[2].isolateMB - readings[0].isolateMB);
  const check = checkTarget(TARGETS.memory, added, 'Node: wasm memory + JS heap + ArrayBuffers added by loading the model and translating once');
  console.log(formatCheck(check));
  const graph = engine.weights.kind;
  console.log(`graph: ${graph}`);
  const out = writeResult(`engine-memory${graph === 'reference' ? '-reference' : ''}${shortlist ? '' : '-full-vocab'}`, { graph, benchmark: 'engine-memory', machine: ctx, shortlist: Boolean(engine.shortlist), readings, addedAfterFirstMB: added, targets: [check] });
  console.log(`wrote ${out}`);
}

main().catch((e: unknown) => {
  if (process.env.DEBUG) console.error(e);
  process.stderr.write(`engine-memory: ${(e as Error).message.split('\n')[0]}\n`);
  process.exitCode = 1;
});
