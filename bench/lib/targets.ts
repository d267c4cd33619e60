/**
 * The performance targets of the issue "Performance: benchmarks and speed targets", and
 * PASS/MISS checks against them with the gap, printed and stored with each result.
 */
export interface Target {
  id: string;
  what: string;
  limit: number;
  unit: string;
  /** 'max': measured must stay below the limit; 'min': above it. */
  kind: 'max' | 'min';
  /** The limit itself passes (≤ / ≥) rather than failing (< / >). */
  inclusive?: boolean;
}

export const TARGETS = {
  beam4Latency: { id: 'beam4-10w-p50', what: '10-word sentence, beam 4, p50 under wrangler dev', limit: 40, unit: 'ms', kind: 'max' },
  beam1Latency: { id: 'beam1-10w-p50', what: '10-word sentence, beam 1, p50 under wrangler dev', limit: 15, unit: 'ms', kind: 'max' },
  throughput: { id: 'beam1-words-per-s', what: 'throughput with beam 1 (source words/s)', limit: 500, unit: 'words/s', kind: 'min' },
  coldStart: { id: 'cold-ready-to-first', what: 'cold start, first /translate of a new isolate → first translation (model fetched from a fresh local R2)', limit: 1000, unit: 'ms', kind: 'max' },
  bundle: { id: 'bundle-gzip', what: 'deploy script bundle (no weights), gzip', limit: 1, unit: 'MiB', kind: 'max', inclusive: true },
  memory: { id: 'memory-after-first', what: 'memory after first translation', limit: 64, unit: 'MB', kind: 'max' },
  shortlistBleu: { id: 'shortlist-bleu-delta', what: '|BLEU full − BLEU shortlist|', limit: 0.2, unit: 'BLEU', kind: 'max' },
} as const satisfies Record<string, Target>;

/** The targets of issue 14 (fused int8 kernels: "half the latency"). */
export const KERNEL_TARGETS = {
  beam1Latency: { id: 'k-beam1-10w-p50', what: '10-word sentence, greedy, p50 under wrangler dev (issue 14)', limit: 10, unit: 'ms', kind: 'max', inclusive: true },
  beam4Latency: { id: 'k-beam4-10w-p50', what: '10-word sentence, beam 4, p50 under wrangler dev (issue 14)', limit: 18, unit: 'ms', kind: 'max', inclusive: true },
  cpu: { id: 'k-beam1-cpu', what: 'workerd CPU per greedy request, 1 in flight (issue 14)', limit: 10, unit: 'ms', kind: 'max', inclusive: true },
  throughput: { id: 'k-beam1-words-per-s', what: 'greedy throughput, 8 in flight (issue 14)', limit: 1500, unit: 'words/s', kind: 'min', inclusive: true },
  memory: { id: 'k-memory-after-first', what: 'isolate memory after the first translation (issue 14: below 39 MB)', limit: 39, unit: 'MB', kind: 'max' },
} as const satisfies Record<string, Target>;

export interface TargetCheck extends Target {
  measured: number;
  pass: boolean;
  /** How far from the limit: measured − limit for 'max', limit − measured for 'min' (negative passes). */
  gap: number;
  note?: string;
}

export function checkTarget(target: Target, measured: number, note?: string): TargetCheck {
  const gap = target.kind === 'max' ? measured - target.limit : target.limit - measured;
  const r = (x: number) => Math.round(x * 1000) / 1000;
  const pass = Number.isFinite(measured) && (target.inclusive ? gap <= 0 : gap < 0);
  return { ...target, measured: r(measured), pass, gap: r(gap), ...(note ? { note } : {}) };
}

/** One line: PASS/MISS, what, measured vs limit, and the gap. */
export function formatCheck(c: TargetCheck): string {
  const sign = (c.kind === 'max' ? '<' : '>') + (c.inclusive ? '=' : '');
  const gap = c.pass ? `${Math.abs(c.gap)} ${c.unit} to spare` : `${c.gap} ${c.unit} short`;
  return `${c.pass ? 'PASS' : 'MISS'}  ${c.what}: ${c.measured} ${c.unit} (target ${sign} ${c.limit} ${c.unit}; ${gap})${c.note ? ` — ${c.note}` : ''}`;
}
