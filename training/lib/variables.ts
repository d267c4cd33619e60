/**
 * Trainable parameters as tf.Variables, created from seeded initial values or from
 * saved Float32 data (checkpoint or export), with process-unique variable names.
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelConfig } from '../../src/model/graph/config.ts';
import { initialValues, paramShapes } from '../../src/model/graph/seq2seq.ts';

let counter = 0;

export function createVariables(c: ModelConfig, values: Record<string, Float32Array>): Record<string, tf.Variable> {
  const shapes = paramShapes(c);
  const id = counter++;
  const vars: Record<string, tf.Variable> = {};
  for (const [name, shape] of Object.entries(shapes)) {
    const data = values[name];
    if (!data) throw new Error(`missing parameter ${name}`);
    if (data.length !== shape.reduce((a, b) => a * b, 1)) throw new Error(`parameter ${name} has ${data.length} values, expected shape [${shape}]`);
    vars[name] = tf.tidy(() => tf.variable(tf.tensor(data, shape), true, `m${id}/${name}`));
  }
  return vars;
}

export const initVariables = (c: ModelConfig, seed: number) => createVariables(c, initialValues(c, seed));

/** Reads every variable back as Float32 data. */
export function readVariables(vars: Record<string, tf.Tensor>): Record<string, Float32Array> {
  const out: Record<string, Float32Array> = {};
  for (const [k, v] of Object.entries(vars)) out[k] = v.dataSync() as Float32Array;
  return out;
}

export const countParams = (c: ModelConfig) =>
  Object.values(paramShapes(c)).reduce((n, s) => n + s.reduce((a, b) => a * b, 1), 0);
