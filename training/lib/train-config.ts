/**
 * The training run configuration file (training/configs/*.json), validated with zod so
 * a typo gives one clear message naming the field.
 */
import { z } from 'zod';
import fs from 'node:fs';

const sampling = z.object({
  type: z.enum(['linear', 'inverse-sigmoid', 'none']),
  start: z.number().int().min(0),
  slope: z.number().min(0),
  k: z.number().min(1),
  max: z.number().min(0).max(1),
}).strict();

export const TrainConfigSchema = z.object({
  name: z.string().min(1),
  model: z.record(z.unknown()),
  data: z.object({
    corpus: z.string(),
    /** Translation direction; the corpus is stored en → es, es-en swaps the sides. */
    direction: z.enum(['en-es', 'es-en']).default('en-es'),
    vocab: z.string(),
    maxLen: z.number().int().positive(),
    devLimit: z.number().int().positive(),
    trainLimit: z.number().int().positive().optional(),
  }).strict(),
  train: z.object({
    seed: z.number().int(),
    lr: z.number().positive(),
    warmupSteps: z.number().int().min(0),
    maxTokens: z.number().int().positive(),
    maxRows: z.number().int().positive(),
    /** Cap on rows × longest² per batch (attention memory); omitted = no cap. */
    maxAttnCells: z.number().int().positive().optional(),
    labelSmoothing: z.number().min(0).max(0.5),
    clipNorm: z.number().min(0),
    beta1: z.number().min(0).max(1),
    beta2: z.number().min(0).max(1),
    epsilon: z.number().positive(),
    maxEpochs: z.number().int().positive(),
    maxSteps: z.number().int().min(0),
    evalEvery: z.number().int().positive(),
    checkpointEvery: z.number().int().positive(),
    patience: z.number().int().positive(),
    lrDecay: z.number().positive().max(1),
    sampling,
  }).strict(),
  outDir: z.string(),
}).strict();

export type TrainConfig = z.infer<typeof TrainConfigSchema>;

export function readTrainConfig(file: string): TrainConfig {
  if (!fs.existsSync(file)) throw new Error(`config file not found: ${file}`);
  let raw: unknown;
  try { raw = JSON.parse(fs.readFileSync(file, 'utf8')); } catch (e) { throw new Error(`config ${file} is not valid JSON: ${(e as Error).message}`); }
  const r = TrainConfigSchema.safeParse(raw);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new Error(`config ${file}: ${i.path.join('.') || '(root)'}: ${i.message}`);
  }
  return r.data;
}
