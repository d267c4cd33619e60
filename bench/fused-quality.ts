/**
 * Output quality of the fused int8 graph against the reference graph on a whole split: the
 * shipped model loaded twice (reference float32 graph, fused int8 kernels), both with the
 * shipped shortlist, translating every test sentence greedily and with beam 5 (α 1.0). Prints
 * and stores: corpus BLEU of each graph, how many outputs are identical, and for each sentence
 * where they differ, both outputs scored by the REFERENCE graph (forced decoding; GNMT
 * length-normalised for beam, the plain sum for greedy), and the reference graph's margin
 * between the two tokens where the outputs first part: a difference is a tie when that margin
 * is within the graphs' log-probability difference (≈1e-3), i.e. the reference graph itself
 * could not tell the two tokens apart. Both searches run under the placeholder constraint, as
 * the engine does. --every N keeps every N-th sentence (a quick sample; results then go to
 * fused-quality-sample.json).
 *
 *   npx tsx bench/fused-quality.ts [--split test] [--limit N] [--every N] [--beam 5]
 */
import cliProgress from 'cli-progress';
import { parseArgs } from 'node:util';
import type { TranslationEngine } from '../src/model/engine.ts';
import { corpusBleu } from '../src/metrics/bleu.ts';
import { DEFAULT_ALPHA, normalizedScore } from '../src/model/search/length-penalty.ts';
import { mask, unmask } from '../src/model/text/placeholders.ts';
import { beamSearch } from '../src/model/search/beam-search.ts';
import { greedySearch } from '../src/model/search/greedy.ts';
import type { Hypothesis } from '../src/model/search/hypothesis.ts';
import { Seq2SeqSearchModel } from '../src/model/graph/seq2seq-search.ts';
import { BOS_ID, EOS_ID } from '../src/model/text/special-tokens.ts';
import { placeholderConstraint } from '../src/model/placeholder-constraint.ts';
import { loadSplit } from '../training/corpus/load.ts';
import { loadEngine } from '../tools/load-engine.ts';
import { initBackend } from '../src/backend/node-wasm.ts';
import { describeContext, runContext } from './lib/run-context.ts';
import { writeResult } from './lib/write-result.ts';

const r3 = (x: number) => Math.round(x * 1000) / 1000;

/** Log-probability of `tokens` + EOS given `src` under `engine`'s graph (shortlist columns; −∞ outside them). */
function forcedScore(engine: TranslationEngine, src: number[], tokens: number[]): number {
  const m = new Seq2SeqSearchModel(engine.weights, engine.shortlist!);
  const e = m.encode(src);
  let state = m.initialState(e), prev = BOS_ID, total = 0;
  for (const tok of [...tokens, EOS_ID]) {
    const out = m.decodeStep(e, state, Int32Array.of(prev));
    const col = out.columnIds ? out.columnIds.indexOf(tok) : tok;
    total += col < 0 ? -Infinity : out.logProbs[col];
    m.disposeState(state);
    state = out.state;
    prev = tok;
  }
  m.disposeState(state); m.disposeEncoded(e); m.dispose();
  return total;
}

/**
 * Where two outputs first differ, the reference graph's log-probabilities of both tokens there
 * (after the common prefix): a small margin means the two graphs faced a near-tie.
 */
function divergence(engine: TranslationEngine, src: number[], a: number[], b: number[]): { position: number; margin: number } {
  const ea = [...a, EOS_ID], eb = [...b, EOS_ID];
  let j = 0;
  while (ea[j] === eb[j]) j++;
  const m = new Seq2SeqSearchModel(engine.weights, engine.shortlist!);
  const e = m.encode(src);
  let state = m.initialState(e), prev = BOS_ID, margin = NaN;
  for (let t = 0; t <= j; t++) {
    const out = m.decodeStep(e, state, Int32Array.of(prev));
    m.disposeState(state);
    state = out.state;
    if (t === j) {
      const lp = (tok: number) => { const col = out.columnIds ? out.columnIds.indexOf(tok) : tok; return col < 0 ? -Infinity : out.logProbs[col]; };
      margin = lp(ea[j]) - lp(eb[j]);
    }
    prev = ea[t];
  }
  m.disposeState(state); m.disposeEncoded(e); m.dispose();
  return { position: j, margin: r3(margin) };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { split: { type: 'string', default: 'test' }, limit: { type: 'string' }, every: { type: 'string', default: '1' }, beam: { type: 'string', default: '5' } } });
  if (values.split !== 'test' && values.split !== 'dev') throw new Error(`--split must be test or dev, got ${values.split}`);
  const beam = Number(values.beam), every = Number(values.every);
  if (!Number.isInteger(beam) || beam < 2) throw new Error(`--beam must be an integer ≥ 2, got ${values.beam}`);
  if (!Number.isInteger(every) || every < 1) throw new Error(`--every must be a positive integer, got ${values.every}`);
  const ctx = runContext();
  console.log(`fused-kernel quality: ${describeContext(ctx)}`);
  const backend = await initBackend('wasm');
  const ref = await loadEngine('weights/en-es', 'model.bin', { graph: 'reference' });
  const fused = await loadEngine('weights/en-es', 'model.bin', { graph: 'fused' });
  let pairs = loadSplit('training/data/en-es', values.split);
  if (values.limit) pairs = pairs.slice(0, Number(values.limit));
  if (every > 1) pairs = pairs.filter((_, i) => i % every === 0);
  const result: Record<string, unknown> = { benchmark: 'fused-quality', machine: ctx, backend, split: values.split, sentences: pairs.length, every, alpha: DEFAULT_ALPHA };
  const models = { reference: new Seq2SeqSearchModel(ref.weights, ref.shortlist!), fused: new Seq2SeqSearchModel(fused.weights, fused.shortlist!) };
  const masked = pairs.map((p) => mask(p.en));
  const srcs = masked.map((m) => ref.vocab.encode(m.masked));
  for (const b of [1, beam]) {
    const search = (k: 'reference' | 'fused', i: number): Hypothesis => (srcs[i].length === 0 ? { tokens: [], score: 0, normScore: 0, finished: true }
      : b === 1 ? greedySearch(models[k], srcs[i], { alpha: DEFAULT_ALPHA, constraint: placeholderConstraint(srcs[i], EOS_ID) })
        : beamSearch(models[k], srcs[i], { alpha: DEFAULT_ALPHA, beamSize: b, nbest: 1, constraint: placeholderConstraint(srcs[i], EOS_ID) })[0]);
    const hyps = { reference: [] as string[], fused: [] as string[] };
    const diffs: { i: number; source: string; reference: string; fused: string; refScoreOfReference: number; refScoreOfFused: number; delta: number; firstDifference: { position: number; margin: number } }[] = [];
    const bar = new cliProgress.SingleBar({ format: `beam ${b} {bar} {value}/{total} ETA {eta_formatted}`, stream: process.stderr }, cliProgress.Presets.shades_classic);
    bar.start(pairs.length, 0);
    pairs.forEach((p, i) => {
      const r = search('reference', i), f = search('fused', i);
      const text = (h: Hypothesis) => unmask(ref.vocab.decode(h.tokens), masked[i].slots);
      hyps.reference.push(text(r)); hyps.fused.push(text(f));
      if (r.tokens.join() !== f.tokens.join()) {
        // Both outputs scored by the reference graph, normalised as the search normalises them.
        const alpha = b === 1 ? 0 : DEFAULT_ALPHA;
        const nr = normalizedScore(forcedScore(ref, srcs[i], r.tokens), r.tokens.length + 1, alpha);
        const nf = normalizedScore(forcedScore(ref, srcs[i], f.tokens), f.tokens.length + 1, alpha);
        diffs.push({ i, source: p.en, reference: text(r), fused: text(f), refScoreOfReference: r3(nr), refScoreOfFused: r3(nf), delta: r3(nr - nf), firstDifference: divergence(ref, srcs[i], r.tokens, f.tokens) });
      }
      bar.increment();
    });
    bar.stop();
    const refs = [pairs.map((p) => p.es)];
    const bleu = { reference: corpusBleu(hyps.reference, refs).score, fused: corpusBleu(hyps.fused, refs).score };
    diffs.sort((a, c) => Math.abs(c.delta) - Math.abs(a.delta));
    const identical = pairs.length - diffs.length;
    console.log(`beam ${b}: BLEU reference ${bleu.reference.toFixed(2)}, fused ${bleu.fused.toFixed(2)} (Δ ${(bleu.fused - bleu.reference).toFixed(2)}); identical outputs ${identical}/${pairs.length}; ` +
      `differences scored by the reference graph: |Δ normalised log-prob| max ${diffs[0] ? Math.abs(diffs[0].delta) : 0}, median ${diffs.length ? Math.abs(diffs[Math.floor(diffs.length / 2)].delta) : 0}`);
    for (const d of diffs.slice(0, 5)) console.log(`  #${d.i} Δ ${d.delta} (first difference at subword ${d.firstDifference.position}, reference-graph margin ${d.firstDifference.margin}): ${JSON.stringify(d.reference)} vs ${JSON.stringify(d.fused)}`);
    result[`beam${b}`] = { bleu, identical, differences: diffs };
  }
  console.log(`wrote ${writeResult(values.limit || every > 1 ? 'fused-quality-sample' : `fused-quality-${values.split}`, result)}`);
}

main().catch((e: unknown) => {
  if (process.env.DEBUG) console.error(e);
  process.stderr.write(`fused-quality: ${(e as Error).message.split('\n')[0]}\n`);
  process.exitCode = 1;
});
