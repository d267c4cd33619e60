/**
 * What the HTTP layer needs from the translation model: a model card and a
 * batched `translate`. The routes depend only on this interface; the real
 * implementation (the engine of src/model/engine.ts on the wasm backend) is plugged
 * in through `getTranslator` (src/serving/model-provider.ts).
 */
import type { TranslateOptions, TranslationResult, TranslatorMemory } from '../model/translation.ts';

export type { AttentionMatrix, NBestEntry, TranslateOptions, TranslationResult, TranslatorMemory } from '../model/translation.ts';

/** Public description of the loaded model (GET /model). Extra fields are allowed. */
export interface ModelCard {
  /** Stable model id, e.g. the manifest's model_id. Part of the /translate cache key. */
  id: string;
  sourceLanguage: string;
  targetLanguage: string;
  /** e.g. "bi-LSTM encoder + Luong attention decoder". */
  architecture: string;
  /** Number of parameters. */
  parameters: number;
  /** Storage dtype of the weights, e.g. "int8". */
  dtype: string;
  /** Vocabulary sizes. */
  vocabulary: { source: number; target: number };
  /** Training facts (data, steps, time...). */
  training?: Record<string, unknown>;
  /** Evaluation scores (BLEU, chrF...). */
  scores?: Record<string, unknown>;
  [extra: string]: unknown;
}

export interface Translator {
  modelCard(): ModelCard;
  /** Translates every text; results are in input order, one per text. */
  translate(texts: string[], opts: TranslateOptions): Promise<TranslationResult[]>;
  /** Memory held by the model, when the translator can tell. */
  memory?(): TranslatorMemory;
}

/** Which model a request asks for: a language pair (en→es by default) and optionally a pinned version. */
export interface ModelSelection {
  source?: string;
  target?: string;
  /** A published model id of the pair; by default the pair's active version. */
  model?: string;
}

/** How the app obtains the (lazily loaded, per-isolate) translator for a request. */
export type TranslatorProvider<E = unknown> = (env: E, selection?: ModelSelection) => Promise<Translator>;
