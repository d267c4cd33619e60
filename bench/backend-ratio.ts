/**
 * The same decode in Node on tfjs's wasm backend (SIMD, 1 thread) and on the pure-JS
 * `cpu` backend, side by side: greedy translations of a few fixed 10-word test sentences,
 * and a fixed 20-step greedy decode (so the ratio does not depend on when the model
 * stops), both in CPU time; plus whether both backends give the same translations.
 *
 *   npx tsx bench/backend-ratio.ts [--sentences 5] [--no-shortlist]
 */
import { parseArgs } from 'node:util';
import type { TranslationEngine } from '../src/model/engine.ts';
import { mask } from '../src/model/text/placeholders.ts';
import { Seq2SeqSearchModel } from '../src/model/graph/seq2seq-search.ts';
import { BOS_ID } from '../src/model/text/special-tokens.ts';
import { loadEngine } from '../tools/load-engine.ts';
import { initBackend, type BackendName } from '../src/backend/node-wasm.ts';
import { benchSentences } from './lib/bench-sentences.ts';
import { measure, type Timing } from './lib/measure.ts';
import { describeContext, runContext } from './lib/run-context.ts';
import { writeResult } from './lib/write-result.ts';
import { DEFAULT_ALPHA } from '../src/model/search/length-penalty.ts';

const GREEDY = { beam: 1, nbest: 1, alpha: DEFAULT_ALPHA, attention: false };
const FIXED_STEPS = 20;

interface BackendRun { backend: string; translateMs: Timing; fixedDecodeMs: Timing; translations: string[] }

/** Greedy translate of each sentence, and FIXED_STEPS decoder steps of the first one (CPU time per sentence). */
function timeEngine(engine: TranslationEngine, texts: string[], rounds: number): Omit<BackendRun, 'backend'> {
  const translations = engine.translate(texts, GREEDY).map((r) => r.translation);
  const translateMs = measure(() => { engine.translate(texts, GREEDY); }, { rounds, perRound: 1, warmup: 1 });
  const search = new Seq2SeqSearchModel(engine.weights, engine.shortlist);
  const src = engine.vocab.encode(mask(texts[0]).masked);
  const fixedDecodeMs = measure(() => {
    const e = search.encode(src);
    let state = search.initialState(e);
    let prev = BOS_ID;
    for (let t = 0; t < FIXED_STEPS; t++) {
      const out = search.decodeStep(e, state, Int32Array.of(prev));
      search.disposeState(state);
      state = out.state;
      let best = 0; // argmax over the columns, EOS allowed: the step count is fixed anyway
      for (let j = 1; j < out.logProbs.length; j++) if (out.logProbs[j] > out.logProbs[best]) best = j;
      prev = out.columnIds ? out.columnIds[best] : best;
    }
    search.disposeState(state);
    search.disposeEncoded(e);
  }, { rounds, perRound: 1, warmup: 1 });
  search.dispose();
  return { translateMs: { ...translateMs, cpuMs: translateMs.cpuMs / texts.length, wallMs: translateMs.wallMs / texts.length }, fixedDecodeMs, translations };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { sentences: { type: 'string', default: '5' }, 'no-shortlist': { type: 'boolean', default: false } } });
  const n = Number(values.sentences);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--sentences must be a positive integer, got ${values.sentences}`);
  const ctx = runContext();
  console.log(`backend ratio (Node, greedy, ${values['no-shortlist'] ? 'full vocabulary' : 'shortlist as shipped'}): ${describeContext(ctx)}`);
  const texts = benchSentences('training/data/en-es', 200).filter((s) => s.bucket === 10).slice(0, n).map((s) => s.text);
  const runs: BackendRun[] = [];
  for (const backend of ['wasm', 'cpu'] as BackendName[]) {
    const described = await initBackend(backend);
    const engine = await loadEngine('weights/en-es', 'model.bin', { shortlist: !values['no-shortlist'] });
    runs.push({ backend: described, ...timeEngine(engine, texts, backend === 'wasm' ? 9 : 3) });
    engine.dispose();
    const r = runs[runs.length - 1];
    console.log(`${described}: ${r.translateMs.cpuMs.toFixed(1)} ms CPU per sentence (greedy), ${r.fixedDecodeMs.cpuMs.toFixed(1)} ms CPU for encode + ${FIXED_STEPS} steps`);
  }
  const [wasm, cpu] = runs;
  const ratio = { translate: Math.round((cpu.translateMs.cpuMs / wasm.translateMs.cpuMs) * 10) / 10, fixedDecode: Math.round((cpu.fixedDecodeMs.cpuMs / wasm.fixedDecodeMs.cpuMs) * 10) / 10 };
  const agreement = wasm.translations.filter((t, i) => t === cpu.translations[i]).length / texts.length;
  console.log(`cpu / wasm: ${ratio.translate}× per translated sentence, ${ratio.fixedDecode}× for the fixed ${FIXED_STEPS}-step decode; identical translations ${Math.round(agreement * 100)}%`);
  const file = writeResult(values['no-shortlist'] ? 'backend-ratio-full-vocab' : 'backend-ratio', { benchmark: 'backend-ratio', machine: ctx, shortlist: !values['no-shortlist'], sentences: texts, fixedSteps: FIXED_STEPS, runs, ratio, agreement });
  console.log(`wrote ${file}`);
}

main().catch((e: unknown) => {
  if (process.env.DEBUG) console.error(e);
  process.stderr.write(`backend-ratio: ${(e as Error).message.split('\n')[0]}\n`);
  process.exitCode = 1;
});
