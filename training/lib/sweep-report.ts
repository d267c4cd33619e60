/**
 * The sweep report: a markdown table of the trials sorted by dev loss (best first), with
 * the settings shared by every trial above it.
 */
import type { SweepPoint } from './sweep-space.ts';

export interface SweepTrialResult extends SweepPoint {
  trial: number; params: number; steps: number; trainLoss: number; devLoss: number; devBleu: number;
  tokensPerSecond: number; seconds: number; error?: string;
}

export interface SweepResult {
  config: string; budgetSteps: number; warmupSteps: number; trainPairs: number; devPairs: number; seed: number;
  backend: string; machine: string; date: string; trials: SweepTrialResult[];
}

const num = (x: number, digits: number) => (Number.isFinite(x) ? x.toFixed(digits) : '–');

export function sweepMarkdown(r: SweepResult): string {
  const rows = [...r.trials].sort((a, b) => (a.error ? 1 : 0) - (b.error ? 1 : 0) || a.devLoss - b.devLoss);
  const line = (t: SweepTrialResult, i: number) => `| ${i === 0 && !t.error ? '**best**' : ''} | ${t.trial} | ${t.lr} | ${t.maxTokens} | ${t.hidden} / ${2 * t.hidden} | ${t.dropout} | ` +
    `${(t.params / 1e6).toFixed(2)}M | ${t.steps} | ${num(t.trainLoss, 3)} | ${num(t.devLoss, 3)} | ${num(t.devBleu, 2)} | ${num(t.tokensPerSecond, 0)} | ${num(t.seconds, 0)} | ${t.error ?? ''} |`;
  return [
    `# Hyper-parameter sweep: ${r.config}`,
    '',
    `${r.trials.length} trials of ${r.budgetSteps} steps each (warm-up ${r.warmupSteps} steps), ${r.trainPairs} training pairs (evenly spaced over the train split), ` +
      `${r.devPairs} dev pairs, seed ${r.seed}; ${r.backend}; ${r.machine}; ${r.date}.`,
    'Dev loss is teacher-forced cross-entropy without label smoothing; dev BLEU is greedy. Sorted by dev loss.',
    '',
    '|  | trial | lr | maxTokens | hidden enc / dec | dropout | params | steps | train loss | dev loss | dev BLEU | tok/s | seconds | error |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    ...rows.map(line),
    '',
  ].join('\n');
}
