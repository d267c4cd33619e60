/**
 * Scores a TranslationEngine on parallel text with the project's sacreBLEU-exact BLEU
 * and chrF, showing a progress bar on stderr for long sets.
 */
import cliProgress from 'cli-progress';
import type { TranslationEngine } from '../../src/model/engine.ts';
import { corpusBleu, type BleuScore } from '../../src/metrics/bleu.ts';
import { corpusChrf, type ChrfScore } from '../../src/metrics/chrf.ts';
import { DEFAULT_ALPHA } from '../../src/model/search/length-penalty.ts';

export interface EvalResult { bleu: BleuScore; chrf: ChrfScore; hyps: string[]; seconds: number; sentencesPerSecond: number }

export function evaluate(engine: TranslationEngine, srcs: readonly string[], refs: readonly string[], opts: { beam: number; alpha?: number; label?: string; progress?: boolean }): EvalResult {
  const t0 = performance.now();
  const bar = opts.progress === false ? null : new cliProgress.SingleBar({
    format: `${opts.label ?? 'eval'} |{bar}| {value}/{total} sentences | ETA {eta_formatted}`, stream: process.stderr, noTTYOutput: true, notTTYSchedule: 15000,
  }, cliProgress.Presets.shades_classic);
  bar?.start(srcs.length, 0);
  const hyps = srcs.map((s, i) => {
    const [r] = engine.translate([s], { beam: opts.beam, nbest: 1, alpha: opts.alpha ?? DEFAULT_ALPHA, attention: false });
    if (i % 20 === 0) bar?.update(i);
    return r.translation;
  });
  bar?.update(srcs.length);
  bar?.stop();
  const seconds = (performance.now() - t0) / 1000;
  return { bleu: corpusBleu(hyps, [refs as string[]]), chrf: corpusChrf(hyps, [refs as string[]]), hyps, seconds, sentencesPerSecond: srcs.length / seconds };
}
