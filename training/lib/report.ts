/**
 * The training report: a self-contained report.html with the train/dev loss and dev BLEU
 * curves drawn as inline SVG, regenerated after every evaluation.
 */
import { writeFileAtomic } from '../../tools/atomic-write.ts';
import type { TrainerState } from './trainer.ts';

type Point = [number, number];

/** A line chart as an SVG string: one polyline per series, axes with min/max labels. */
export function lineChart(title: string, series: { name: string; color: string; points: Point[] }[], w = 560, h = 240): string {
  const all = series.flatMap((s) => s.points).filter(([, y]) => Number.isFinite(y));
  if (all.length === 0) return `<svg width="${w}" height="${h}"><text x="10" y="20">${title}: no data yet</text></svg>`;
  const pad = 40;
  const [x0, x1] = [Math.min(...all.map((p) => p[0])), Math.max(...all.map((p) => p[0]))];
  const [y0, y1] = [Math.min(...all.map((p) => p[1])), Math.max(...all.map((p) => p[1]))];
  const sx = (x: number) => pad + ((x - x0) / (x1 - x0 || 1)) * (w - 2 * pad);
  const sy = (y: number) => h - pad - ((y - y0) / (y1 - y0 || 1)) * (h - 2 * pad);
  const lines = series.map((s) => {
    const pts = s.points.filter(([, y]) => Number.isFinite(y)).map(([x, y]) => `${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join(' ');
    return `<polyline fill="none" stroke="${s.color}" stroke-width="2" points="${pts}"/>`;
  }).join('');
  const legend = series.map((s, i) => `<text x="${pad + i * 130}" y="16" fill="${s.color}" font-size="12">■ ${s.name}</text>`).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" font-family="sans-serif">
<text x="${w / 2}" y="${h - 6}" text-anchor="middle" font-size="12">${title} (x: step)</text>${legend}
<line x1="${pad}" y1="${h - pad}" x2="${w - pad}" y2="${h - pad}" stroke="#999"/><line x1="${pad}" y1="${pad}" x2="${pad}" y2="${h - pad}" stroke="#999"/>
<text x="${pad - 4}" y="${sy(y1) + 4}" text-anchor="end" font-size="10">${y1.toFixed(2)}</text><text x="${pad - 4}" y="${sy(y0) + 4}" text-anchor="end" font-size="10">${y0.toFixed(2)}</text>
<text x="${pad}" y="${h - pad + 14}" font-size="10">${x0}</text><text x="${w - pad}" y="${h - pad + 14}" text-anchor="end" font-size="10">${x1}</text>${lines}</svg>`;
}

export function writeReport(file: string, name: string, state: TrainerState, extra: Record<string, string | number>): void {
  const h = state.history;
  const loss = lineChart('loss', [
    { name: 'train loss', color: '#1f77b4', points: h.map((r) => [r.step, r.trainLoss]) },
    { name: 'dev loss', color: '#d62728', points: h.map((r) => [r.step, r.devLoss]) },
  ]);
  const bleu = lineChart('dev BLEU (greedy)', [{ name: 'dev BLEU', color: '#2ca02c', points: h.map((r) => [r.step, r.devBleu]) }]);
  const rows = h.map((r) => `<tr><td>${r.step}</td><td>${r.epoch}</td><td>${r.trainLoss.toFixed(3)}</td><td>${r.devLoss.toFixed(3)}</td><td>${r.devBleu.toFixed(2)}</td><td>${r.lr.toExponential(2)}</td><td>${(r.seconds / 60).toFixed(1)}</td></tr>`).join('');
  const facts = Object.entries({ step: state.step, epoch: state.epoch, 'best dev BLEU': state.bestBleu.toFixed(2), 'best step': state.bestStep, 'target tokens/s': (state.tokens / Math.max(1e-9, state.seconds)).toFixed(0), ...extra })
    .map(([k, v]) => `<tr><th>${k}</th><td>${v}</td></tr>`).join('');
  writeFileAtomic(file, `<!doctype html><meta charset="utf-8"><title>Training report: ${name}</title>
<style>body{font-family:sans-serif;margin:2em;max-width:1200px}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}</style>
<h1>Training report: ${name}</h1><table>${facts}</table><p>${loss} ${bleu}</p>
<h2>Evaluations</h2><table><tr><th>step</th><th>epoch</th><th>train loss</th><th>dev loss</th><th>dev BLEU</th><th>lr</th><th>train minutes</th></tr>${rows}</table>\n`);
}
