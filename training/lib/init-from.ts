/**
 * Fine-tuning start point: reads the parameters of an exported model folder
 * (weights/<name>/: manifest.json, model.bin, tokenizer.json, verified like the Worker
 * verifies them) and assigns them to a fresh trainer's variables. int8/float16 weights
 * are dequantised to float32. The folder must match the run: same tokenizer (token ids)
 * and same architecture (every parameter shape); dropout and init may differ.
 *
 *   npm run train -- --config FILE --init-from weights/en-es
 */
import * as tf from '@tensorflow/tfjs';
import fs from 'node:fs';
import path from 'node:path';
import { parseManifest, verifyFile } from '../../src/model/storage/manifest.ts';
import { resolveConfig, type ModelConfig } from '../../src/model/graph/config.ts';
import { paramShapes } from '../../src/model/graph/seq2seq.ts';
import { decodeWeightFile } from '../../src/model/storage/weight-file.ts';

/** Keys of the model config that may differ between the weights and the run. */
const TRAINING_ONLY_KEYS = new Set(['dropout', 'init']);

/** Loads `dir`'s weights as float32 parameters for `model`; throws one clear message on any mismatch. */
export async function readInitParams(dir: string, model: ModelConfig, vocabFile: string): Promise<Record<string, Float32Array>> {
  const manifestPath = path.join(dir, 'manifest.json');
  if (!fs.existsSync(manifestPath)) throw new Error(`--init-from: ${manifestPath} not found (not an exported model folder)`);
  const manifest = parseManifest(JSON.parse(fs.readFileSync(manifestPath, 'utf8')));
  const read = async (name: string) => {
    const file = path.join(dir, name);
    if (!fs.existsSync(file)) throw new Error(`--init-from: ${file} not found`);
    const bytes = fs.readFileSync(file);
    await verifyFile(name, bytes, manifest);
    return bytes;
  };
  const sameVocab = JSON.stringify(JSON.parse((await read(manifest.tokenizer)).toString('utf8'))) === JSON.stringify(JSON.parse(fs.readFileSync(vocabFile, 'utf8')));
  if (!sameVocab) throw new Error(`--init-from: ${dir} was trained with another tokenizer than ${vocabFile} (token ids would not match)`);
  const decoded = await decodeWeightFile(await read('model.bin'));
  const theirs = resolveConfig(decoded.config as Partial<ModelConfig>);
  for (const [key, value] of Object.entries(model)) {
    if (TRAINING_ONLY_KEYS.has(key)) continue;
    const other = (theirs as unknown as Record<string, unknown>)[key];
    if (other !== value) throw new Error(`--init-from: model config differs: ${key} is ${JSON.stringify(other)} in ${dir}, ${JSON.stringify(value)} in the run`);
  }
  const values: Record<string, Float32Array> = {};
  for (const [name, shape] of Object.entries(paramShapes(model))) {
    const t = decoded.tensors[name];
    if (!t || t.shape.join('x') !== shape.join('x')) throw new Error(`--init-from: parameter ${name} is ${t ? `[${t.shape}]` : 'missing'} in ${dir}, expected [${shape}]`);
    values[name] = Float32Array.from(t.data);
  }
  return values;
}

/** Overwrites every variable with the loaded values (shapes already checked). */
export function assignParams(vars: Record<string, tf.Variable>, values: Record<string, Float32Array>): void {
  tf.tidy(() => {
    for (const [name, v] of Object.entries(vars)) v.assign(tf.tensor(values[name], v.shape));
  });
}
