/**
 * Step-indexed schedules: the learning rate and the scheduled-sampling probability
 * (Bengio et al. 2015, "Scheduled Sampling for Sequence Prediction with RNNs").
 */

export interface SamplingSchedule {
  /** linear: ε_i = max(ε_min, 1 − slope·(i − start)); inverse-sigmoid: ε_i = k / (k + exp((i − start)/k)). */
  type: 'linear' | 'inverse-sigmoid' | 'none';
  /** Step at which sampling begins (teacher forcing only before it). */
  start: number;
  /** Slope per step of the linear schedule. */
  slope: number;
  /** k of the inverse-sigmoid schedule (k ≥ 1; larger is slower). */
  k: number;
  /** Upper bound on the probability of feeding the model's own prediction (1 − ε_min). */
  max: number;
}

/** Probability of replacing a gold previous token by the model's prediction at step i. */
export function samplingProbability(s: SamplingSchedule, step: number): number {
  if (s.type === 'none' || step < s.start) return 0;
  const i = step - s.start;
  const teacherForcing = s.type === 'linear' ? 1 - s.slope * i : s.k / (s.k + Math.exp(i / s.k));
  return Math.min(s.max, Math.max(0, 1 - teacherForcing));
}

/** Linear warm-up to `lr`, then constant; `scale` carries the plateau decays. */
export function learningRate(lr: number, warmup: number, step: number, scale: number): number {
  return lr * scale * Math.min(1, (step + 1) / Math.max(1, warmup));
}
