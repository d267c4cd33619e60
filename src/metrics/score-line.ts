/**
 * sacreBLEU's text output lines (`Score.format`), e.g.
 *   BLEU|nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0 = 34.2 70.1/45.0/30.2/20.1 (BP = 1.000 ratio = 1.000 hyp_len = 10 ref_len = 10)
 *   chrF2|nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:2.6.0 = 54.3
 * Numbers use Python's half-to-even fixed formatting; `width` is the score's decimals (CLI default 1).
 */
import type { BleuScore } from './bleu.ts';
import type { ChrfScore } from './chrf.ts';
import { pyFixed } from './py-fixed.ts';

/** The part after the BLEU score: precisions, brevity penalty, ratio and lengths. */
export function bleuVerbose(s: BleuScore): string {
  const prec = s.precisions.map((p) => pyFixed(p, 1)).join('/');
  return `${prec} (BP = ${pyFixed(s.bp, 3)} ratio = ${pyFixed(s.ratio, 3)} hyp_len = ${s.sysLen} ref_len = ${s.refLen})`;
}

export function formatBleuLine(s: BleuScore, width = 1): string {
  return `${s.name}|${s.signature} = ${pyFixed(s.score, width)} ${bleuVerbose(s)}`;
}

export function formatChrfLine(s: ChrfScore, width = 1): string {
  return `${s.name}|${s.signature} = ${pyFixed(s.score, width)}`;
}
