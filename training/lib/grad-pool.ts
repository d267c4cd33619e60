/**
 * Main-thread side of data-parallel training with one extra worker thread (2 cores): the
 * batch is split in two shards by rows; the worker computes shard 1 while this thread
 * computes shard 0; the gradients are averaged weighted by target tokens, in a fixed
 * order, so a run stays deterministic and resumable bit for bit for a given worker count.
 */
import * as tf from '@tensorflow/tfjs';
import { Worker } from 'node:worker_threads';
import type { ModelConfig } from '../../src/model/graph/config.ts';
import type { HostBatch } from './batches.ts';
import { shardGrads, splitHostBatch, type ShardGrads } from './shard-grads.ts';

export class GradPool {
  private worker!: Worker;
  private readonly names: string[];
  private readonly sizes: number[];
  private readonly params: SharedArrayBuffer;
  private readonly grads: SharedArrayBuffer;
  private readonly control = new SharedArrayBuffer(24 + 1024);

  constructor(readonly vars: Record<string, tf.Variable>, readonly model: ModelConfig) {
    this.names = Object.keys(vars);
    this.sizes = this.names.map((n) => vars[n].size);
    const total = this.sizes.reduce((a, b) => a + b, 0);
    this.params = new SharedArrayBuffer(total * 4);
    this.grads = new SharedArrayBuffer(total * 4);
  }

  async start(): Promise<void> {
    this.worker = new Worker(new URL('./grad-worker-boot.mjs', import.meta.url), {
      workerData: { model: this.model, names: this.names, sizes: this.sizes, params: this.params, grads: this.grads, control: this.control },
    });
    await new Promise<void>((resolve, reject) => {
      this.worker.once('error', reject);
      this.worker.once('message', (m) => (m.ready ? resolve() : reject(new Error(m.error))));
    });
    this.worker.unref();
  }

  /** Copies the current parameters to shared memory (done at the start of every step). */
  publishParams(): void {
    let off = 0;
    for (let i = 0; i < this.names.length; i++) {
      new Float32Array(this.params, off * 4, this.sizes[i]).set(this.vars[this.names[i]].dataSync() as Float32Array);
      off += this.sizes[i];
    }
  }

  /** Gradient of the whole batch, computed as two shards in parallel. */
  grads2(h: HostBatch, tgtIn: Int32Array, seed: number, step: number, smoothing: number): ShardGrads {
    this.publishParams();
    const [h0, h1] = splitHostBatch({ ...h, tgtIn });
    const control = new Int32Array(this.control);
    Atomics.store(control, 0, 0);
    this.worker.postMessage({ h: h1, tgtIn: h1.tgtIn, seed, step, smoothing });
    const mine = shardGrads(this.vars, this.model, h0, h0.tgtIn, seed, step, 0, smoothing);
    if (Atomics.wait(control, 0, 0, 10 * 60_000) === 'timed-out') throw new Error('gradient worker did not answer within 10 minutes');
    if (Atomics.load(control, 1)) {
      const text = new TextDecoder().decode(new Uint8Array(this.control, 24, 1024)).replace(/\0+$/, '');
      throw new Error(`gradient worker failed: ${text || 'unknown error'}`);
    }
    const stats = new Float64Array(this.control, 8, 2);
    const [l1, n1] = [stats[0], stats[1]];
    const n = mine.tokens + n1;
    const grads: Record<string, tf.Tensor> = {};
    let off = 0;
    for (let i = 0; i < this.names.length; i++) {
      const name = this.names[i];
      const other = new Float32Array(this.grads, off * 4, this.sizes[i]);
      off += this.sizes[i];
      grads[name] = tf.tidy(() => tf.add(tf.mul(mine.grads[name], mine.tokens / n), tf.mul(tf.tensor(other, mine.grads[name].shape), n1 / n)));
      mine.grads[name].dispose();
    }
    return { loss: (mine.loss * mine.tokens + l1 * n1) / n, tokens: n, grads };
  }

  async stop(): Promise<void> { await this.worker?.terminate(); }
}
