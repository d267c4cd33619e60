/** A cli-progress bar with ETA on stderr (a line every 10 s when stderr is not a terminal), or none. */
import cliProgress from 'cli-progress';

export interface Progress {
  update(value: number): void;
  stop(): void;
}

export function progressBar(label: string, total: number, unit: 'packages' | 'MB', enabled: boolean): Progress {
  if (!enabled || total === 0) return { update() {}, stop() {} };
  const scale = unit === 'MB' ? 1e6 : 1;
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} |{bar}| {percentage}% {value}/{total} ${unit} | {speed} | ETA {eta_formatted}`,
      stream: process.stderr,
      noTTYOutput: true,
      notTTYSchedule: 10000,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  const started = Date.now();
  const speed = (value: number) => `${(value / Math.max(0.001, (Date.now() - started) / 1000)).toFixed(1)} ${unit}/s`;
  bar.start(Math.round(total / scale), 0, { speed: speed(0) });
  return {
    update(value: number) {
      bar.update(Math.round(value / scale), { speed: speed(value / scale) });
    },
    stop() {
      bar.stop();
    },
  };
}
