/**
 * `npm run bench`: the performance suite, one child process per benchmark (fresh tfjs and
 * wasm state each), in this order: bundle size, engine memory (reference graph, then the
 * fused int8 kernels), fused kernels before/after, wasm vs cpu backend, roofline, shortlist
 * quality, Worker latency under wrangler dev (reference graph, then fused), training
 * throughput (1 and 2 threads). Each writes
 * bench/results/<name>.json; at the end the PASS/MISS lines of every target are
 * summarised. Takes a few minutes (about half with --quick).
 *
 *   npm run bench -- [--quick] [--no-shortlist] [--only roofline,worker-latency]
 *
 * --no-shortlist measures the full-vocabulary decoder everywhere (results *-full-vocab.json;
 * the shortlist-quality benchmark, which compares both, is skipped).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { formatCheck, type TargetCheck } from './lib/targets.ts';
import { RESULTS_DIR } from './lib/write-result.ts';

interface Step { name: string; script: string; args: string[]; result: string; gc?: boolean; shortlistFlag: boolean; env?: Record<string, string> }

function steps(quick: boolean): Step[] {
  return [
    { name: 'bundle-size', script: 'bench/bundle-size.ts', args: [], result: 'bundle-size', shortlistFlag: false },
    { name: 'engine-memory-reference', script: 'bench/engine-memory.ts', args: [], result: 'engine-memory-reference', gc: true, shortlistFlag: true, env: { EDGE_MT_KERNELS: 'reference' } },
    { name: 'engine-memory', script: 'bench/engine-memory.ts', args: [], result: 'engine-memory', gc: true, shortlistFlag: true },
    { name: 'fused-kernels', script: 'bench/fused-kernels.ts', args: quick ? ['--sentences', '4'] : [], result: 'fused-kernels', shortlistFlag: false },
    { name: 'backend-ratio', script: 'bench/backend-ratio.ts', args: ['--sentences', quick ? '3' : '5'], result: 'backend-ratio', shortlistFlag: true },
    { name: 'roofline', script: 'bench/roofline.ts', args: [], result: 'roofline', shortlistFlag: true },
    { name: 'shortlist-quality', script: 'bench/shortlist-quality.ts', args: ['--sentences', quick ? '40' : '500'], result: 'shortlist-quality', shortlistFlag: false },
    { name: 'worker-latency-reference', script: 'bench/worker-latency.ts', args: [...(quick ? ['--sentences', '90'] : []), '--graph', 'reference'], result: 'worker-latency-reference', shortlistFlag: true },
    { name: 'worker-latency', script: 'bench/worker-latency.ts', args: quick ? ['--sentences', '90'] : [], result: 'worker-latency', shortlistFlag: true },
    { name: 'train-throughput', script: 'bench/train-throughput.ts', args: quick ? ['--steps', '3', '--slow-steps', '1'] : [], result: 'train-throughput', shortlistFlag: false },
  ];
}

function run(step: Step, noShortlist: boolean): Promise<number> {
  const args = [...(step.gc ? ['--expose-gc'] : []), '--import', 'tsx', step.script, ...step.args, ...(noShortlist && step.shortlistFlag ? ['--no-shortlist'] : [])];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: 'inherit', env: { ...process.env, ...step.env } });
    child.once('exit', (code) => resolve(code ?? 1));
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, 'no-shortlist': { type: 'boolean', default: false }, only: { type: 'string' } } });
  const noShortlist = values['no-shortlist']!;
  const all = steps(values.quick!);
  const only = values.only?.split(',');
  const unknown = only?.filter((n) => !all.some((s) => s.name === n));
  if (unknown?.length) throw new Error(`--only: unknown benchmark ${unknown.join(', ')} (known: ${all.map((s) => s.name).join(', ')})`);
  const chosen = all.filter((s) => (!only || only.includes(s.name)) && !(noShortlist && ['shortlist-quality', 'train-throughput'].includes(s.name)));
  const started = performance.now();
  const failed: string[] = [];
  const checks: TargetCheck[] = [];
  for (const step of chosen) {
    console.log(`\n=== ${step.name} ===`);
    const t0 = performance.now();
    if ((await run(step, noShortlist)) !== 0) { failed.push(step.name); continue; }
    const file = path.join(RESULTS_DIR, `${step.result}${noShortlist && step.shortlistFlag ? '-full-vocab' : ''}.json`);
    const result = JSON.parse(fs.readFileSync(file, 'utf8')) as { targets?: TargetCheck[] };
    checks.push(...(result.targets ?? []));
    console.log(`(${step.name}: ${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  }
  console.log(`\n=== targets (${((performance.now() - started) / 1000).toFixed(0)} s in all) ===`);
  for (const c of checks) console.log(formatCheck(c));
  console.log('\nAll figures as markdown tables: npm run bench:summary');
  if (failed.length) {
    process.stderr.write(`bench: ${failed.join(', ')} failed\n`);
    process.exitCode = 1;
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`bench: ${(e as Error).message.split('\n')[0]}\n`);
  process.exitCode = 2;
});
