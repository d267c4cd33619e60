/**
 * The training run configuration file (training/configs/*.json), validated with zod so
 * a typo gives one clear message naming the field.
 */
import { z } from 'zod';
import fs from 'node:fs';

/** Scheduled sampling (Bengio et al. 2015): how often the decoder is fed its own prediction. */
const sampling = z.object({
  /** Schedule of the sampling probability: linear ramp, inverse sigmoid, or none (pure teacher forcing). */
  type: z.enum(['linear', 'inverse-sigmoid', 'none']),
  /** Step at which sampling starts (probability 0 before it). */
  start: z.number().int().min(0),
  /** Linear: probability gained per step after `start`. */
  slope: z.number().min(0),
  /** Inverse sigmoid: p = 1 − k / (k + exp((step − start) / k)), k ≥ 1; larger k ramps up more slowly. */
  k: z.number().min(1),
  /** Cap on the probability of feeding the model's own prediction (training/lib/schedules.ts). */
  max: z.number().min(0).max(1),
}).strict();

export const TrainConfigSchema = z.object({
  /** Run name, written into the log, report and exported manifest. */
  name: z.string().min(1),
  /** Model hyper-parameters (src/model/graph/config.ts ModelConfig; vocabulary sizes come from the tokenizer). */
  model: z.record(z.unknown()),
  data: z.object({
    /** Corpus folder with train/dev/test .jsonl.gz (training/data/en-es). */
    corpus: z.string(),
    /** Translation direction; the corpus is stored en → es, es-en swaps the sides. */
    direction: z.enum(['en-es', 'es-en']).default('en-es'),
    /** Joint BPE vocabulary JSON (npm run tokenizer). */
    vocab: z.string(),
    /** Pairs with more subwords than this on either side are dropped. */
    maxLen: z.number().int().positive(),
    /** Dev sentences decoded for dev BLEU at each evaluation. */
    devLimit: z.number().int().positive(),
    /** Use only the first N training pairs (quick runs and sweeps); omitted = all. */
    trainLimit: z.number().int().positive().optional(),
    /**
     * Fine-tuning mix (training/lib/replay-mix.ts): train on the train split of `corpus` (the
     * new data) repeated `oversample` times plus `replayRatio` times as many pairs replayed from
     * the train split above, so the model learns the new data without forgetting. Omitted = plain training.
     */
    focus: z.object({ corpus: z.string(), oversample: z.number().int().min(1), replayRatio: z.number().min(0) }).strict().optional(),
  }).strict(),
  train: z.object({
    /** Seed of initialisation, dropout and batch order (runs are bit-for-bit reproducible). */
    seed: z.number().int(),
    /** Peak Adam learning rate, reached after warm-up. */
    lr: z.number().positive(),
    /** Linear warm-up steps from 0 to `lr`. */
    warmupSteps: z.number().int().min(0),
    /** Token budget per batch (rows × longest target, padding included). */
    maxTokens: z.number().int().positive(),
    /** Cap on rows per batch. */
    maxRows: z.number().int().positive(),
    /** Cap on rows × longest² per batch (attention memory); omitted = no cap. */
    maxAttnCells: z.number().int().positive().optional(),
    /** Label smoothing ε of the cross-entropy (0 = none). */
    labelSmoothing: z.number().min(0).max(0.5),
    /** Clip gradients to this global L2 norm (0 = no clipping). */
    clipNorm: z.number().min(0),
    /** Adam β1 (first-moment decay). */
    beta1: z.number().min(0).max(1),
    /** Adam β2 (second-moment decay). */
    beta2: z.number().min(0).max(1),
    /** Adam ε (denominator floor). */
    epsilon: z.number().positive(),
    /** Stop after this many passes over the training data. */
    maxEpochs: z.number().int().positive(),
    /** Stop after this many optimisation steps in total (0 = no limit). */
    maxSteps: z.number().int().min(0),
    /** Evaluate (dev loss, greedy dev BLEU, best checkpoint) every N steps. */
    evalEvery: z.number().int().positive(),
    /** Write last.ckpt every N steps (the resume point). */
    checkpointEvery: z.number().int().positive(),
    /** The run stops after this many evaluations without a new best dev BLEU (early stopping). */
    patience: z.number().int().positive(),
    /** Factor applied to the LR after each evaluation without a new best dev BLEU (1 = never decay). */
    lrDecay: z.number().positive().max(1),
    sampling,
  }).strict(),
  /** Run folder: log.jsonl, report.html, last.ckpt, best.ckpt (keep it outside the work tree for long runs). */
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
