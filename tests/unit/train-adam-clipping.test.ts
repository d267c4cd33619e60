/**
 * Adam with global-norm gradient clipping, on the wasm backend. Adam's first update is
 * scale-invariant (≈ lr·sign(g)), so clipping is observed through the moments it leaves
 * behind (m₁ = (1−β₁)·g_applied) and through multi-step updates compared with a plain-JS
 * reference Adam that is fed either the clipped or the raw gradients.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Adam, type AdamOptions } from '../../training/lib/adam.ts';
import { initBackend } from '../../src/backend/node-wasm.ts';

const OPTS: AdamOptions = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8, clipNorm: 1 };
type Arrays = Record<string, number[]>;

const norm = (g: Arrays) => Math.sqrt(Object.values(g).flat().reduce((s, x) => s + x * x, 0));

/** Textbook Adam in float64 (Kingma & Ba, Algorithm 1) with optional global-norm clipping. */
function referenceAdam(theta: Arrays, grads: Arrays[], lr: number, o: AdamOptions, clip: boolean): Arrays {
  const p = structuredClone(theta);
  const m: Arrays = Object.fromEntries(Object.entries(p).map(([k, v]) => [k, v.map(() => 0)]));
  const v: Arrays = structuredClone(m);
  grads.forEach((g, i) => {
    const t = i + 1, n = norm(g);
    const scale = clip && o.clipNorm > 0 && n > o.clipNorm ? o.clipNorm / n : 1;
    for (const k of Object.keys(p)) {
      p[k] = p[k].map((x, j) => {
        const gj = g[k][j] * scale;
        m[k][j] = o.beta1 * m[k][j] + (1 - o.beta1) * gj;
        v[k][j] = o.beta2 * v[k][j] + (1 - o.beta2) * gj * gj;
        const mHat = m[k][j] / (1 - o.beta1 ** t), vHat = v[k][j] / (1 - o.beta2 ** t);
        return x - (lr * mHat) / (Math.sqrt(vHat) + o.epsilon);
      });
    }
  });
  return p;
}

/** Runs the project's Adam on tf.Variables; returns final params, first moments and norms. */
function runAdam(theta: Arrays, grads: Arrays[], lr: number, o: AdamOptions) {
  const vars = Object.fromEntries(Object.entries(theta).map(([k, v]) => [k, tf.variable(tf.tensor1d(v), true, `adam-test-${k}-${Math.random()}`)]));
  const adam = new Adam(vars, o);
  const norms = grads.map((g) => {
    const t = Object.fromEntries(Object.entries(g).map(([k, v]) => [k, tf.tensor1d(v)]));
    const n = adam.step(t, lr);
    tf.dispose(Object.values(t));
    return n;
  });
  const read = (r: Record<string, tf.Variable>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Array.from(v.dataSync())]));
  const out = { params: read(vars), m: read(adam.m), v: read(adam.v), norms };
  adam.dispose();
  tf.dispose(Object.values(vars));
  return out;
}

/** |a − b| ≤ rel·|b| + abs, element by element (float32 results against float64 references). */
const expectClose = (a: number[], b: number[], rel: number, abs = 1e-7) => {
  expect(a.length).toBe(b.length);
  a.forEach((x, i) => expect(Math.abs(x - b[i])).toBeLessThanOrEqual(rel * Math.abs(b[i]) + abs));
};

describe('Adam gradient clipping', () => {
  beforeAll(async () => { await initBackend('wasm'); }, 60_000);

  it('scales a gradient above clipNorm to norm exactly clipNorm, keeping its direction, and returns the raw norm', () => {
    // Global norm: sqrt(30² + 40²) = 50 → every component scaled by 1/50.
    const g = { a: [30, 0], b: [0, -40, 0] };
    const r = runAdam({ a: [1, 2], b: [3, 4, 5] }, [g], 0.01, OPTS);
    expect(r.norms[0]).toBeCloseTo(50, 4);
    const applied = { a: r.m.a.map((x) => x / (1 - OPTS.beta1)), b: r.m.b.map((x) => x / (1 - OPTS.beta1)) };
    expect(norm(applied)).toBeCloseTo(1, 5);
    expectClose(applied.a, [0.6, 0], 1e-5);
    expectClose(applied.b, [0, -0.8, 0], 1e-5);
    expectClose(r.v.b, [0, 0.64 * (1 - OPTS.beta2), 0], 1e-4);
  });

  it('clips by the norm of all parameters together, not tensor by tensor', () => {
    // Per-tensor clipping would keep both unit-norm-capped (3→1, 4→1); global clipping gives 0.6 and 0.8.
    const r = runAdam({ a: [0], b: [0] }, [{ a: [3], b: [4] }], 0.01, OPTS);
    expectClose(r.m.a.map((x) => x / (1 - OPTS.beta1)), [0.6], 1e-5);
    expectClose(r.m.b.map((x) => x / (1 - OPTS.beta1)), [0.8], 1e-5);
  });

  it('leaves a gradient whose norm is below clipNorm unchanged', () => {
    const g = { a: [0.3, -0.1], b: [0.2] };
    const r = runAdam({ a: [0, 0], b: [0] }, [g], 0.01, OPTS);
    expectClose(r.m.a.map((x) => x / (1 - OPTS.beta1)), g.a, 1e-5);
    expectClose(r.m.b.map((x) => x / (1 - OPTS.beta1)), g.b, 1e-5);
  });

  it('does not clip at all when clipNorm is 0', () => {
    const r = runAdam({ a: [0, 0] }, [{ a: [300, -400] }], 0.01, { ...OPTS, clipNorm: 0 });
    expectClose(r.m.a.map((x) => x / (1 - OPTS.beta1)), [300, -400], 1e-5);
  });

  it('applies updates that match a reference Adam fed the clipped gradients, and not the raw ones', () => {
    const theta = { a: [0.5, -0.25, 1], b: [2, 0] };
    const grads = [
      { a: [30, -10, 5], b: [20, 0] }, // norm ≈ 37.7 → clipped
      { a: [0.1, 0.05, -0.02], b: [0, 0.1] }, // norm ≈ 0.15 → kept
      { a: [-4, 2, 0], b: [1, -6] }, // norm ≈ 7.5 → clipped
      { a: [0.2, 0.2, 0.2], b: [-0.2, 0.2] },
    ];
    const lr = 0.05;
    const r = runAdam(theta, grads, lr, OPTS);
    const clipped = referenceAdam(theta, grads, lr, OPTS, true);
    const raw = referenceAdam(theta, grads, lr, OPTS, false);
    for (const k of Object.keys(theta)) expectClose(r.params[k], clipped[k], 1e-5, 1e-6); // steps are ≈ lr = 0.05
    // The test can tell the two apart: without clipping the parameters end up elsewhere.
    const gap = Math.max(...Object.keys(theta).flatMap((k) => raw[k].map((x, j) => Math.abs(x - clipped[k][j]))));
    expect(gap).toBeGreaterThan(1e-2);
    expect(r.norms.map((n) => n > OPTS.clipNorm)).toEqual([true, false, true, false]);
  });
});
