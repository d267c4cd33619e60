/**
 * Roofline of decoding on the tfjs wasm backend (Node, SIMD, 1 thread), at the shipped
 * config: FLOPs per source token (encoder) and per decoder step (attention, cell, readout,
 * output projection over the full vocabulary or the shortlist), against the measured
 * throughput of a large matmul on this machine; then where the time of a step goes:
 * kernel times by type (tf.profile), the cost of one tiny op (dispatch), of the one
 * read-back per step (dataSync), of the host log-softmax over the scored columns, of the attention
 * block, and of each matmul. Finally a projected latency for a trained model's output
 * length (the interim model stops after a few subwords, so HTTP latencies understate it).
 *
 *   npx tsx bench/roofline.ts [--no-shortlist]
 */
import * as tf from '@tensorflow/tfjs';
import { parseArgs } from 'node:util';
import { Seq2SeqSearchModel } from '../src/model/graph/seq2seq-search.ts';
import { logSoftmaxRows } from '../src/model/graph/seq2seq-inference.ts';
import { BOS_ID } from '../src/model/text/special-tokens.ts';
import { mask } from '../src/model/text/placeholders.ts';
import { loadEngine } from '../tools/load-engine.ts';
import { initBackend } from '../src/backend/node-wasm.ts';
import { benchSentences } from './lib/bench-sentences.ts';
import { bridgeFlops, decoderStepFlops, encoderFlopsPerToken } from './lib/flops.ts';
import { measure, measureInterleaved, type Timing } from './lib/measure.ts';
import { describeContext, runContext } from './lib/run-context.ts';
import { writeResult } from './lib/write-result.ts';

const r2 = (x: number) => Math.round(x * 100) / 100;
const r3 = (x: number) => Math.round(x * 1000) / 1000;
const gflops = (flop: number, ms: number) => r2(flop / (ms * 1e6));

/** GFLOP/s of [m,k]×[k,n] (CPU time). */
function matmulRate(m: number, k: number, n: number, rounds = 7): { shape: string; timing: Timing; gflops: number } {
  const a = tf.randomNormal([m, k]) as tf.Tensor2D, b = tf.randomNormal([k, n]) as tf.Tensor2D;
  const timing = measure(() => { tf.matMul(a, b).dispose(); }, { rounds, perRound: Math.max(1, Math.round(2e8 / (2 * m * k * n))) });
  a.dispose(); b.dispose();
  return { shape: `[${m},${k}]×[${k},${n}]`, timing, gflops: gflops(2 * m * k * n, timing.cpuMs) };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { 'no-shortlist': { type: 'boolean', default: false } } });
  const ctx = runContext();
  console.log(`roofline (Node, wasm): ${describeContext(ctx)}`);
  const backend = await initBackend('wasm');
  const engine = await loadEngine('weights/en-es');
  const list = values['no-shortlist'] ? undefined : engine.shortlist;
  engine.useShortlist(undefined); // the search models below are built explicitly
  const c = engine.config;

  // --- peak: large matmuls (the best this backend does). Warm up first: V8 runs new wasm code
  // in its baseline tier (Liftoff), several times slower, until the hot functions tier up.
  const warm = tf.randomNormal([256, 256]) as tf.Tensor2D;
  for (const t0 = performance.now(); performance.now() - t0 < 1500;) tf.matMul(warm, warm).dispose();
  warm.dispose();
  const peak = [matmulRate(512, 512, 512), matmulRate(256, 1024, 1024)];
  const peakGflops = Math.max(...peak.map((p) => p.gflops));
  console.log(`peak matmul: ${peak.map((p) => `${p.shape} ${p.gflops} GFLOP/s`).join(', ')}`);

  // --- model FLOPs for a fixed 10-word test sentence.
  const text = benchSentences('training/data/en-es', 200).find((s) => s.bucket === 10)!.text;
  const src = engine.vocab.encode(mask(text).masked);
  const S = src.length;
  const K = list ? list.columns(src).length : c.tgtVocabSize;
  const encFlops = encoderFlopsPerToken(c) * S + bridgeFlops(c);
  const stepFull = decoderStepFlops(c, S), stepList = decoderStepFlops(c, S, K);
  console.log(`sentence: ${S} source subwords; encoder ${r2(encFlops / 1e6)} MFLOP; decoder step per row ${r2(stepFull.total / 1e6)} MFLOP full vocabulary, ${r2(stepList.total / 1e6)} MFLOP with ${K} shortlist columns (output projection ${r2(stepFull.output / 1e6)} → ${r2(stepList.output / 1e6)})`);

  // --- measured: encoder, and decoder steps for 1 and 4 rows, full and shortlist.
  const models: [string, Seq2SeqSearchModel][] = [['full', new Seq2SeqSearchModel(engine.weights)]];
  if (list) models.push(['shortlist', new Seq2SeqSearchModel(engine.weights, list)]);
  // encode() of the shortlist model includes building the sentence's extra output columns.
  const encodeTimings = measureInterleaved(Object.fromEntries(models.map(([name, m]) => [name, () => m.disposeEncoded(m.encode(src))])), { rounds: 9, perRound: 5, warmup: 10 });
  const encodeTiming = encodeTimings.full;
  // One live decoder (encoding + state) per model and row count, stepped in turns.
  const live = models.flatMap(([name, m]) => [1, 4].map((R) => {
    const e = m.encode(src);
    const s1 = m.initialState(e);
    let state = m.selectRows(s1, new Int32Array(R));
    m.disposeState(s1);
    const prev = new Int32Array(R).fill(BOS_ID);
    const step = () => { const out = m.decodeStep(e, state, prev); m.disposeState(state); state = out.state; };
    return { key: `${name}-R${R}`, name, R, step, close: () => { m.disposeState(state); m.disposeEncoded(e); } };
  }));
  const stepTimings = measureInterleaved(Object.fromEntries(live.map((l) => [l.key, l.step])), { rounds: 15, perRound: 10, warmup: 50 });
  const steps: Record<string, { rows: number; timing: Timing; flop: number; gflops: number; percentOfPeak: number }> = {};
  for (const l of live) {
    const timing = stepTimings[l.key];
    const flop = l.R * (l.name === 'full' ? stepFull.total : stepList.total);
    steps[l.key] = { rows: l.R, timing, flop, gflops: gflops(flop, timing.cpuMs), percentOfPeak: r2((100 * gflops(flop, timing.cpuMs)) / peakGflops) };
    l.close();
  }
  const encoder = { sourceTokens: S, flop: encFlops, timing: encodeTiming, gflops: gflops(encFlops, encodeTiming.cpuMs), msPerSourceToken: r2(encodeTiming.cpuMs / S) };
  if (encodeTimings.shortlist) console.log(`encode with the shortlist's per-sentence columns: ${encodeTimings.shortlist.cpuMs} ms CPU (+${r2(encodeTimings.shortlist.cpuMs - encodeTiming.cpuMs)} ms)`);
  console.log(`encoder: ${encodeTiming.cpuMs} ms CPU for ${S} subwords (${encoder.msPerSourceToken} ms/subword, ${encoder.gflops} GFLOP/s = ${r2((100 * encoder.gflops) / peakGflops)}% of peak)`);
  for (const [k, s] of Object.entries(steps)) console.log(`decoder step ${k}: ${s.timing.cpuMs} ms CPU (${s.timing.wallMs} ms wall), ${s.gflops} GFLOP/s = ${s.percentOfPeak}% of peak`);

  // --- where the time goes. Kernel counts of one step from tf.profile (its per-kernel times
  // are wall times, useless on a loaded machine); CPU cost of each part measured on its own.
  const x8 = tf.randomNormal([1, 8]);
  const tinyOp = measure(() => { tf.add(x8, x8).dispose(); }, { rounds: 9, perRound: 500 });
  x8.dispose();
  const matmulCost = new Map<string, number>();
  const costOf = (a: number[], b: number[]) => {
    const key = `[${a}]×[${b}]`;
    if (!matmulCost.has(key)) {
      const x = tf.randomNormal(a as [number, number]), w = tf.randomNormal(b as [number, number]);
      matmulCost.set(key, measure(() => { tf.matMul(x, w).dispose(); }, { rounds: 9, perRound: 30 }).cpuMs);
      x.dispose(); w.dispose();
    }
    return matmulCost.get(key)!;
  };
  const A = c.attnDim, C2 = 2 * c.encHidden;
  const keys = tf.randomNormal([S, A]), memory = tf.randomNormal([S, C2]);
  const breakdown: Record<string, Record<string, number | Record<string, number>>> = {};
  for (const [name, m] of models) {
    for (const R of [1, 4]) {
      const e = m.encode(src);
      const s1 = m.initialState(e);
      const state = m.selectRows(s1, new Int32Array(R));
      m.disposeState(s1);
      const prev = new Int32Array(R).fill(BOS_ID);
      const info = await tf.profile(() => { m.disposeState(m.decodeStep(e, state, prev).state); });
      const kernels = info.kernels.filter((k) => tf.getKernel(k.name, 'wasm'));
      const counts: Record<string, number> = {};
      for (const k of kernels) counts[k.name] = (counts[k.name] ?? 0) + 1;
      const matmulMs = kernels.filter((k) => k.name === 'BatchMatMul' || k.name === '_FusedMatMul').reduce((t, k) => t + costOf(k.inputShapes[0].slice(-2), k.inputShapes[1].slice(-2)), 0);
      const W = name === 'full' ? c.tgtVocabSize : K;
      const logits = tf.randomNormal([R, W]);
      const hostLogits = logits.dataSync() as Float32Array, hostOut = new Float32Array(R * W);
      const softmaxMs = measure(() => logSoftmaxRows(hostLogits, R, W, W, hostOut), { rounds: 9, perRound: 30 }).cpuMs;
      const readMs = Math.max(0, measure(() => { const y = tf.add(logits, 0); y.dataSync(); y.dispose(); }, { rounds: 9, perRound: 30 }).cpuMs - measure(() => { tf.add(logits, 0).dispose(); }, { rounds: 9, perRound: 30 }).cpuMs);
      logits.dispose();
      const q = tf.randomNormal([R, c.decHidden]) as tf.Tensor2D;
      const w = engine.weights;
      // The reference graph's attention block (the fused graph has none: it is inside EdgeDecoderStep).
      const attentionMs = w.kind !== 'reference' ? NaN : measure(() => tf.tidy(() => {
        const qa = tf.matMul(q, w.attnWq!).reshape([R, 1, A]);
        const sc = tf.matMul(tf.sigmoid(tf.add(keys, qa)).reshape([R * S, A]) as tf.Tensor2D, w.attnV!).reshape([R, S]);
        tf.matMul(tf.softmax(sc) as tf.Tensor2D, memory as tf.Tensor2D);
      }), { rounds: 9, perRound: 30 }).cpuMs;
      q.dispose();
      const total = steps[`${name}-R${R}`].timing.cpuMs;
      const other = kernels.length - (counts.BatchMatMul ?? 0) - (counts._FusedMatMul ?? 0);
      breakdown[`${name}-R${R}`] = {
        stepMs: total, kernels: kernels.length, otherKernels: other, kernelCounts: counts,
        matmulsMs: r3(matmulMs), logSoftmaxMs: softmaxMs, attentionBlockMs: attentionMs, readBackMs: r3(readMs),
        dispatchFloorMs: r3(other * tinyOp.cpuMs),
        restMs: r3(total - matmulMs - softmaxMs - readMs - other * tinyOp.cpuMs),
      };
      m.disposeState(state);
      m.disposeEncoded(e);
    }
  }
  tf.dispose([keys, memory]);
  console.log(`one tiny op (add [1,8]): ${r2(tinyOp.cpuMs * 1000)} µs CPU`);
  for (const [k, b] of Object.entries(breakdown)) {
    console.log(`step ${k}: ${b.stepMs} ms CPU, ${b.kernels} kernels — matmuls ${b.matmulsMs} ms, log-softmax (host) ${b.logSoftmaxMs} ms, read-back ${b.readBackMs} ms, ` +
      `${b.otherKernels} other kernels ≥ ${b.dispatchFloorMs} ms at the tiny-op cost, rest ${b.restMs} ms (elementwise work, JS/tfjs bookkeeping); attention block alone ${b.attentionBlockMs} ms`);
  }
  for (const [k, v] of matmulCost) console.log(`matmul ${k}: ${r2(v * 1000)} µs CPU`);

  // --- projection: a trained model emits about as many target subwords as source subwords (+15% for Spanish, + EOS).
  const T = Math.round(1.15 * S) + 1;
  const projected = Object.fromEntries(models.map(([name]) => [name, {
    outputSubwords: T,
    encodeMs: encodeTimings[name].cpuMs,
    greedyMs: r2(encodeTimings[name].cpuMs + T * steps[`${name}-R1`].timing.cpuMs),
    beam4Ms: r2(encodeTimings[name].cpuMs + T * steps[`${name}-R4`].timing.cpuMs),
  }]));
  for (const [k, p] of Object.entries(projected)) console.log(`projected (${k}, ${T} output subwords, CPU time, encode + steps, no HTTP/tokenizer/search bookkeeping): greedy ${p.greedyMs} ms, beam 4 ${p.beam4Ms} ms per 10-word sentence`);
  const file = writeResult(values['no-shortlist'] ? 'roofline-full-vocab' : 'roofline', {
    benchmark: 'roofline', machine: ctx, backend, config: c, sentence: { text, sourceSubwords: S, shortlistColumns: K },
    flops: { encoderPerSourceToken: encoderFlopsPerToken(c), bridge: bridgeFlops(c), encoderSentence: encFlops, decoderStepFull: stepFull, decoderStepShortlist: stepList },
    peak: { gflops: peakGflops, matmuls: peak }, encoder, steps, breakdown,
    tinyOpMs: tinyOp.cpuMs, matmulMs: Object.fromEntries(matmulCost), projected,
  });
  console.log(`wrote ${file}`);
}

main().catch((e: unknown) => {
  if (process.env.DEBUG) console.error(e);
  process.stderr.write(`roofline: ${(e as Error).message.split('\n')[0]}\n`);
  process.exitCode = 1;
});
