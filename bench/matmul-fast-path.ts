/**
 * `npx tsx bench/matmul-fast-path.ts [--reps 3] [--rows 1000] [--out bench/results/matmul-fast-path.json]`
 *
 * Micro-benchmark of the transposed-matmul fast path (src/backend/kernel-patches.ts) on the
 * tfjs wasm backend (SIMD, 1 thread): the transposed products that dominate the backward
 * pass at the shipped en-es sizes — output layer dX = dZ·Wᵀ and dW = Xᵀ·dZ (O = 256,
 * V = 8000), the decoder recurrent kernel (D = 512, 3 GRU gates) and the Bahdanau key
 * projection — timed with the original kernel and with the patch; median ms of `--reps`.
 * Wall and CPU time are both reported (CPU time is steadier on a shared machine). Also checks
 * that both kernels give the same result (max abs difference).
 */
import * as tf from '@tensorflow/tfjs';
import { parseArgs } from 'node:util';
import { mulberry32 } from '../src/model/graph/rng.ts';
import { writeFileAtomic } from '../tools/atomic-write.ts';
import { runCli } from '../tools/cli.ts';
import { machineInfo } from './lib/machine-info.ts';
import { median } from './lib/median.ts';
import { initSwitchableFastPath } from './lib/switchable-fast-path.ts';

const HELP = `Usage: npx tsx bench/matmul-fast-path.ts [--reps N] [--rows N] [--out FILE]
  --reps N   timed repetitions per case and kernel (default 3)
  --rows N   rows of the batched products, i.e. target tokens or batch rows (default 1000)
  --out FILE JSON result (default bench/results/matmul-fast-path.json)`;

runCli(HELP, async () => {
  const { values } = parseArgs({ options: {
    reps: { type: 'string', default: '3' }, rows: { type: 'string', default: '1000' },
    out: { type: 'string', default: 'bench/results/matmul-fast-path.json' }, help: { type: 'boolean' },
  } });
  const reps = Number(values.reps), N = Number(values.rows);
  if (!Number.isInteger(reps) || reps < 1) throw new Error(`--reps must be a positive integer, got ${values.reps}`);
  if (!Number.isInteger(N) || N < 1) throw new Error(`--rows must be a positive integer, got ${values.rows}`);
  const kernels = await initSwitchableFastPath();
  const info = machineInfo();
  console.log(`${kernels.backend}; ${info.cpu}, ${info.cores} cores, load ${info.loadAvg1m}, commit ${info.commit}`);

  const O = 256, V = 8000, D = 512, C = 512, A = 256;
  const cases = [
    { name: 'output dX = dZ·Wᵀ', a: [N, V], b: [O, V], ta: false, tb: true },
    { name: 'output dW = Xᵀ·dZ', a: [N, O], b: [N, V], ta: true, tb: false },
    { name: 'decoder dH = dG·Uᵀ', a: [N, 3 * D], b: [D, 3 * D], ta: false, tb: true },
    { name: 'attention dWk = Mᵀ·dK', a: [N, C], b: [N, A], ta: true, tb: false },
  ];
  const rnd = mulberry32(1);
  const results = cases.map((c) => {
    const [a, b] = [c.a, c.b].map((s) => tf.tensor(Float32Array.from({ length: s[0] * s[1] }, () => rnd() * 2 - 1), s));
    const run = (fast: boolean) => {
      kernels.setFastPath(fast);
      // (Never return a typed array from tf.tidy: tfjs walks every element looking for tensors.)
      const product = () => { const t = tf.matMul(a, b, c.ta, c.tb); const d = t.dataSync() as Float32Array; t.dispose(); return d; };
      product(); // warm-up
      const ms: number[] = [], cpuMs: number[] = [];
      let out: Float32Array = new Float32Array();
      for (let r = 0; r < reps; r++) {
        const t0 = performance.now(), cpu0 = process.cpuUsage();
        out = product();
        const cpu = process.cpuUsage(cpu0);
        ms.push(performance.now() - t0);
        cpuMs.push((cpu.user + cpu.system) / 1000);
      }
      return { ms: median(ms), cpuMs: median(cpuMs), out };
    };
    const fast = run(true), slow = run(false);
    kernels.setFastPath(true);
    let diff = 0;
    for (let i = 0; i < fast.out.length; i++) diff = Math.max(diff, Math.abs(fast.out[i] - slow.out[i]));
    tf.dispose([a, b]);
    const r = { name: c.name, a: c.a, b: c.b, transposeA: c.ta, transposeB: c.tb, fastMs: Math.round(fast.ms), originalMs: Math.round(slow.ms), speedup: Number((slow.ms / fast.ms).toFixed(2)),
      fastCpuMs: Math.round(fast.cpuMs), originalCpuMs: Math.round(slow.cpuMs), cpuSpeedup: Number((slow.cpuMs / fast.cpuMs).toFixed(2)), maxAbsDiff: diff };
    console.log(`  ${r.name.padEnd(24)} [${c.a}]${c.ta ? 'ᵀ' : ''}·[${c.b}]${c.tb ? 'ᵀ' : ''}: original ${r.originalMs} ms (${r.originalCpuMs} CPU), fast path ${r.fastMs} ms (${r.fastCpuMs} CPU) → ${r.speedup}× wall, ${r.cpuSpeedup}× CPU (max |diff| ${diff.toExponential(1)})`);
    return r;
  });
  writeFileAtomic(values.out!, JSON.stringify({ benchmark: 'matmul-fast-path', machine: info, backend: kernels.backend, reps, rows: N, cases: results }, null, 2) + '\n');
  console.log(`wrote ${values.out}`);
});
