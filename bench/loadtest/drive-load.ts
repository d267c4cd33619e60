/**
 * A closed-loop HTTP load driver in plain Node (global fetch / undici, keep-alive):
 * `concurrency` connections each send their next request as soon as the previous one
 * answered, until `durationMs` has passed. Every request has its own timeout; any
 * non-200, network error or timeout counts as an error (the first few are kept).
 */

export interface LoadOptions {
  url: string;
  /** Request `i` (0-based, across all connections) to send. */
  request: (i: number) => RequestInit;
  concurrency: number;
  durationMs: number;
  /** Per-request timeout (ms). */
  timeoutMs: number;
}

export interface LoadResult {
  concurrency: number;
  durationSeconds: number;
  requests: number;
  errors: number;
  requestsPerSecond: number;
  latencyMs: { p50: number; p90: number; p99: number; mean: number; max: number };
  /** Up to 5 error descriptions. */
  errorSamples: string[];
}

/** The q-quantile (0..1) of sorted values, nearest rank. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

const round = (x: number) => Math.round(x * 10) / 10;

export async function driveLoad(options: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  const errorSamples: string[] = [];
  let errors = 0;
  let next = 0;
  const started = performance.now();
  const deadline = started + options.durationMs;

  const connection = async () => {
    while (performance.now() < deadline) {
      const init = options.request(next++);
      const t0 = performance.now();
      try {
        const res = await fetch(options.url, { ...init, signal: AbortSignal.timeout(options.timeoutMs) });
        const body = await res.text();
        if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${body.slice(0, 160)}`);
        latencies.push(performance.now() - t0);
      } catch (e) {
        errors++;
        if (errorSamples.length < 5) errorSamples.push((e as Error).message);
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, connection));

  const elapsed = (performance.now() - started) / 1000;
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    concurrency: options.concurrency,
    durationSeconds: round(elapsed),
    requests: latencies.length + errors,
    errors,
    requestsPerSecond: round(latencies.length / elapsed),
    latencyMs: {
      p50: round(quantile(sorted, 0.5)),
      p90: round(quantile(sorted, 0.9)),
      p99: round(quantile(sorted, 0.99)),
      mean: round(sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length)),
      max: round(sorted.at(-1) ?? Number.NaN),
    },
    errorSamples,
  };
}
