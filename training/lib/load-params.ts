/**
 * Loads the parameters of a model folder's weight file as training-graph tensors
 * (seq2seq.ts names and layouts), for comparisons between the training graph and the
 * inference graph the engine runs. The caller disposes the tensors.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { resolveConfig, type ModelConfig } from '../../src/model/graph/config.ts';
import type { Params } from '../../src/model/graph/seq2seq.ts';
import { decodeWeightFile } from '../../src/model/storage/weight-file.ts';

export async function loadParams(dir: string, weightFile = 'model.bin'): Promise<{ params: Params; config: ModelConfig }> {
  const decoded = await decodeWeightFile(fs.readFileSync(path.join(dir, weightFile)));
  const params: Params = {};
  for (const [name, t] of Object.entries(decoded.tensors)) params[name] = tf.tensor(t.data, t.shape);
  return { params, config: resolveConfig(decoded.config as Partial<ModelConfig>) };
}
