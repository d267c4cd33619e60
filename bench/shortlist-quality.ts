/**
 * What the lexical shortlist costs and buys, on the first N test sentences with the
 * shipped model (Node, wasm): BLEU with the full vocabulary vs the shortlist (greedy,
 * beam 4 and beam 5; target |Δ| ≤ 0.2), agreement (fraction of identical outputs — the
 * telling figure while the shipped model is barely trained and its BLEU is near 0),
 * coverage of the reference subwords and of the full-vocabulary outputs' subwords,
 * mean shortlist size, and the decoding speed-up (CPU time, both variants interleaved
 * sentence by sentence so machine load hits them alike).
 *
 *   npx tsx bench/shortlist-quality.ts [--sentences 500] [--beams 1,4,5]
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { corpusBleu } from '../src/metrics/bleu.ts';
import { maskPair } from '../src/model/text/placeholders.ts';
import { measureShortlist, Shortlist } from '../src/model/text/shortlist.ts';
import { loadSplit } from '../training/corpus/load.ts';
import { loadEngine } from '../tools/load-engine.ts';
import { initBackend } from '../src/backend/node-wasm.ts';
import { describeContext, runContext } from './lib/run-context.ts';
import { checkTarget, formatCheck, TARGETS, type TargetCheck } from './lib/targets.ts';
import { writeResult } from './lib/write-result.ts';
import { DEFAULT_ALPHA } from '../src/model/search/length-penalty.ts';

const cpuNow = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const r2 = (x: number) => Math.round(x * 100) / 100;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { sentences: { type: 'string', default: '500' }, beams: { type: 'string', default: '1,4,5' } } });
  const n = Number(values.sentences);
  const beams = values.beams!.split(',').map(Number);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--sentences must be a positive integer, got ${values.sentences}`);
  if (!beams.every((b) => Number.isInteger(b) && b >= 1 && b <= 16)) throw new Error(`--beams must be integers in 1..16, got ${values.beams}`);
  const file = 'weights/en-es/shortlist.json';
  if (!fs.existsSync(file)) throw new Error(`${file} not found (npm run shortlist first)`);
  const ctx = runContext();
  console.log(`shortlist quality (Node, wasm): ${describeContext(ctx)}`);
  await initBackend('wasm');
  const shortlist = Shortlist.fromJSON(JSON.parse(fs.readFileSync(file, 'utf8')));
  // Two engines (same weights), so that switching variants costs nothing inside the timings.
  const engine = await loadEngine('weights/en-es', 'model.bin', { shortlist: false });
  const listed = await loadEngine('weights/en-es', 'model.bin', { shortlist: false });
  listed.useShortlist(shortlist);
  const engines = { full: engine, shortlist: listed };
  const test = loadSplit('training/data/en-es', 'test').slice(0, n);
  const srcs = test.map((p) => p.en), refs = test.map((p) => p.es);
  const ids = test.map((p) => { const m = maskPair(p.en, p.es); return { src: engine.vocab.encode(m.source), tgt: engine.vocab.encode(m.target) }; });
  const fit = measureShortlist(shortlist, ids);
  console.log(`${n} test sentences: mean shortlist ${r2(fit.meanSize)} of ${engine.vocab.size} ids (min ${fit.minSize}, max ${fit.maxSize}); reference subword coverage ${r2(100 * fit.coverage)}%, fully covered sentences ${r2(100 * fit.sentenceCoverage)}%`);

  const runs = [];
  for (const beam of beams) {
    const opts = { beam, nbest: 1, alpha: DEFAULT_ALPHA, attention: false };
    const hyps: Record<'full' | 'shortlist', string[]> = { full: [], shortlist: [] };
    const cpuMs = { full: 0, shortlist: 0 };
    let outputCovered = 0, outputTokens = 0;
    for (const e of Object.values(engines)) e.translate(srcs.slice(0, 3), opts); // warm-up
    srcs.forEach((s, i) => {
      for (const variant of (i % 2 ? ['shortlist', 'full'] : ['full', 'shortlist']) as ('full' | 'shortlist')[]) {
        const c0 = cpuNow();
        const [r] = engines[variant].translate([s], opts);
        cpuMs[variant] += cpuNow() - c0;
        hyps[variant].push(r.translation);
        if (variant === 'full') {
          const cols = new Set(shortlist.columns(ids[i].src));
          for (const piece of r.nbest[0].tokens) {
            const id = engine.vocab.pieceToId(piece.replace(/⟨(\d+)⟩/g, (_m, k) => String.fromCharCode(0xe000 + Number(k))));
            outputTokens++;
            if (id !== undefined && cols.has(id)) outputCovered++;
          }
        }
      }
    });
    const bleuFull = corpusBleu(hyps.full, [refs]).score, bleuList = corpusBleu(hyps.shortlist, [refs]).score;
    const agreement = hyps.full.filter((h, i) => h === hyps.shortlist[i]).length / n;
    const run = {
      beam, bleuFull: r2(bleuFull), bleuShortlist: r2(bleuList), deltaBleu: r2(bleuList - bleuFull), agreement: r2(agreement),
      fullOutputCoverage: outputTokens ? r2(outputCovered / outputTokens) : 1,
      msPerSentenceFull: r2(cpuMs.full / n), msPerSentenceShortlist: r2(cpuMs.shortlist / n), speedup: r2(cpuMs.full / cpuMs.shortlist),
      outputSubwordsPerSentence: r2(outputTokens / n),
    };
    runs.push(run);
    console.log(`beam ${beam}: BLEU full ${run.bleuFull}, shortlist ${run.bleuShortlist} (Δ ${run.deltaBleu}); identical outputs ${r2(100 * agreement)}%; ` +
      `full-vocabulary output subwords inside the shortlist ${r2(100 * run.fullOutputCoverage)}%; CPU ${run.msPerSentenceFull} → ${run.msPerSentenceShortlist} ms/sentence (×${run.speedup}; ${run.outputSubwordsPerSentence} output subwords/sentence)`);
  }
  const worst = runs.reduce((a, r) => (Math.abs(r.deltaBleu) > Math.abs(a.deltaBleu) ? r : a));
  const checks: TargetCheck[] = [checkTarget(TARGETS.shortlistBleu, Math.abs(worst.deltaBleu), `worst over beams ${beams.join('/')}, ${n} sentences`)];
  for (const c of checks) console.log(formatCheck(c));
  const out = writeResult('shortlist-quality', { benchmark: 'shortlist-quality', machine: ctx, sentences: n, shortlist: { ...shortlist.meta, always: shortlist.always.length }, fit, runs, targets: checks });
  console.log(`wrote ${out}`);
}

main().catch((e: unknown) => {
  if (process.env.DEBUG) console.error(e);
  process.stderr.write(`shortlist-quality: ${(e as Error).message.split('\n')[0]}\n`);
  process.exitCode = 1;
});
