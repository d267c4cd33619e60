/**
 * Repeats a synchronous function and reports the median wall and CPU time per call. CPU
 * time (process.cpuUsage) is steadier than wall time when other work shares the machine.
 */
import { median } from './median.ts';

export interface Timing {
  /** Median wall-clock ms per call. */
  wallMs: number;
  /** Median process CPU ms per call (user + system). */
  cpuMs: number;
  reps: number;
}

const cpuNow = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** Runs `fn` `warmup` times, then `rounds` rounds of `perRound` calls; medians of the per-call round averages. */
export function measure(fn: () => void, opts: { rounds?: number; perRound?: number; warmup?: number } = {}): Timing {
  const { rounds = 9, perRound = 10, warmup = 3 } = opts;
  for (let i = 0; i < warmup; i++) fn();
  const wall: number[] = [], cpu: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const w0 = performance.now(), c0 = cpuNow();
    for (let i = 0; i < perRound; i++) fn();
    cpu.push((cpuNow() - c0) / perRound);
    wall.push((performance.now() - w0) / perRound);
  }
  const r3 = (x: number) => Math.round(x * 1000) / 1000;
  return { wallMs: r3(median(wall)), cpuMs: r3(median(cpu)), reps: rounds * perRound };
}

/**
 * Like measure() for several functions at once, alternating them round by round so that a
 * change in machine load hits all of them alike (fair comparisons on a shared machine).
 */
export function measureInterleaved(fns: Record<string, () => void>, opts: { rounds?: number; perRound?: number; warmup?: number } = {}): Record<string, Timing> {
  const { rounds = 9, perRound = 10, warmup = 3 } = opts;
  const names = Object.keys(fns);
  for (const n of names) for (let i = 0; i < warmup; i++) fns[n]();
  const wall: Record<string, number[]> = {}, cpu: Record<string, number[]> = {};
  for (let r = 0; r < rounds; r++) {
    for (const n of r % 2 ? [...names].reverse() : names) {
      const w0 = performance.now(), c0 = cpuNow();
      for (let i = 0; i < perRound; i++) fns[n]();
      (cpu[n] ??= []).push((cpuNow() - c0) / perRound);
      (wall[n] ??= []).push((performance.now() - w0) / perRound);
    }
  }
  const r3 = (x: number) => Math.round(x * 1000) / 1000;
  return Object.fromEntries(names.map((n) => [n, { wallMs: r3(median(wall[n])), cpuMs: r3(median(cpu[n])), reps: rounds * perRound }]));
}
