/**
 * Adam (Kingma & Ba 2015) with gradient clipping by global norm (Pascanu et al. 2013),
 * written out so that its whole state is plain Float32 data in a checkpoint and a resumed
 * run continues bit for bit.
 *   g ← g · min(1, maxNorm / ‖g‖₂)            (‖g‖₂ over all parameters together)
 *   m ← β₁m + (1−β₁)g,  v ← β₂v + (1−β₂)g²
 *   θ ← θ − lr · m̂ / (√v̂ + ε),  m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ)
 */
import * as tf from '@tensorflow/tfjs';

export interface AdamOptions { beta1: number; beta2: number; epsilon: number; clipNorm: number }

export class Adam {
  readonly m: Record<string, tf.Variable> = {};
  readonly v: Record<string, tf.Variable> = {};
  /** Number of updates applied so far (t in the bias corrections). */
  t = 0;

  constructor(readonly params: Record<string, tf.Variable>, readonly opts: AdamOptions) {
    for (const [k, p] of Object.entries(params)) {
      // tidy frees the zerosLike tensors (a variable keeps its own reference to the data).
      this.m[k] = tf.tidy(() => tf.variable(tf.zerosLike(p), false));
      this.v[k] = tf.tidy(() => tf.variable(tf.zerosLike(p), false));
    }
  }

  /** Global L2 norm of a gradient map (a scalar tensor). */
  static globalNorm(grads: Record<string, tf.Tensor>): tf.Scalar {
    return tf.tidy(() => tf.sqrt(tf.addN(Object.values(grads).map((g) => tf.sum(tf.square(g))))) as tf.Scalar);
  }

  /** Clips and applies `grads` with learning rate `lr`; returns the pre-clipping global norm. */
  step(grads: Record<string, tf.Tensor>, lr: number): number {
    this.t += 1;
    const { beta1, beta2, epsilon, clipNorm } = this.opts;
    const norm = Adam.globalNorm(grads);
    const normValue = norm.dataSync()[0];
    norm.dispose();
    const scale = clipNorm > 0 && normValue > clipNorm ? clipNorm / normValue : 1;
    const lrT = (lr * Math.sqrt(1 - beta2 ** this.t)) / (1 - beta1 ** this.t);
    tf.tidy(() => {
      for (const [k, p] of Object.entries(this.params)) {
        const g = scale === 1 ? grads[k] : tf.mul(grads[k], scale);
        const m = tf.add(tf.mul(this.m[k], beta1), tf.mul(g, 1 - beta1));
        const v = tf.add(tf.mul(this.v[k], beta2), tf.mul(tf.square(g), 1 - beta2));
        this.m[k].assign(m);
        this.v[k].assign(v);
        p.assign(tf.sub(p, tf.div(tf.mul(m, lrT), tf.add(tf.sqrt(v), epsilon))));
      }
    });
    return normValue;
  }

  dispose(): void {
    for (const k of Object.keys(this.m)) { this.m[k].dispose(); this.v[k].dispose(); }
  }
}
