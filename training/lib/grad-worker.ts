/**
 * Worker-thread side of data-parallel training: its own tfjs wasm instance and its own
 * copy of the parameters. For each step it reads the current parameters from shared
 * memory, computes the gradient of its batch shard, writes it to shared memory and wakes
 * the main thread (which blocks on an Atomics flag, so the trainer stays synchronous).
 */
import * as tf from '@tensorflow/tfjs';
import { parentPort, workerData } from 'node:worker_threads';
import type { ModelConfig } from '../../src/model/graph/config.ts';
import type { HostBatch } from './batches.ts';
import { shardGrads } from './shard-grads.ts';
import { createVariables } from './variables.ts';
import { initBackend } from '../../src/backend/node-wasm.ts';

interface Init { model: ModelConfig; names: string[]; sizes: number[]; params: SharedArrayBuffer; grads: SharedArrayBuffer; control: SharedArrayBuffer }
export interface StepMessage { h: HostBatch; tgtIn: Int32Array; seed: number; step: number; smoothing: number }

const init = workerData as Init;
const control = new Int32Array(init.control); // [0] = done flag, [1] = error flag
const stats = new Float64Array(init.control, 8, 2); // loss, tokens
const errorBytes = new Uint8Array(init.control, 24, 1024); // error message (UTF-8, NUL-padded)
const views = (buf: SharedArrayBuffer) => {
  let off = 0;
  return init.names.map((_, i) => { const v = new Float32Array(buf, off * 4, init.sizes[i]); off += init.sizes[i]; return v; });
};
const paramViews = views(init.params), gradViews = views(init.grads);

await initBackend('wasm');
const vars = createVariables(init.model, Object.fromEntries(init.names.map((n, i) => [n, paramViews[i].slice()])));

parentPort!.on('message', (m: StepMessage) => {
  try {
    // assign() keeps the new tensor's data alive as the variable's value and the old value
    // is released; the tensor object itself must not outlive the tidy (it leaked 31 MB per step).
    tf.tidy(() => init.names.forEach((n, i) => vars[n].assign(tf.tensor(paramViews[i], vars[n].shape))));
    const r = shardGrads(vars, init.model, m.h, m.tgtIn, m.seed, m.step, 1, m.smoothing);
    init.names.forEach((n, i) => { gradViews[i].set(r.grads[n].dataSync() as Float32Array); r.grads[n].dispose(); });
    stats[0] = r.loss; stats[1] = r.tokens;
  } catch (e) {
    // The main thread is blocked in Atomics.wait and cannot read messages: leave the
    // error text in shared memory for it.
    const text = new TextEncoder().encode(String((e as Error)?.message ?? e).slice(0, 400));
    errorBytes.fill(0);
    errorBytes.set(text.subarray(0, errorBytes.length));
    Atomics.store(control, 1, 1);
  }
  Atomics.store(control, 0, 1);
  Atomics.notify(control, 0);
});
parentPort!.postMessage({ ready: true });
