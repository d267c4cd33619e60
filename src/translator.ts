/**
 * What the HTTP layer needs from the translation model: a model card and a
 * batched `translate`. The routes depend only on this interface; the real
 * implementation (tokenizer + int8 Seq2Seq + beam search on the wasm backend)
 * is plugged in through `getTranslator` (src/get-translator.ts).
 */

/** Memory the model holds in the isolate (diagnostics). */
export interface TranslatorMemory {
  /** Size of the WebAssembly linear memory of the tfjs backend (it never shrinks). */
  wasmMemoryBytes: number;
  /** Bytes held by live tensors, and their number. */
  tensorBytes: number;
  tensors: number;
  /** Host-side model data: embedding tables (JS ArrayBuffers). */
  hostBytes: number;
}

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

/** Decoding options, already validated and defaulted by the route. */
export interface TranslateOptions {
  /** Beam size, 1 = greedy. */
  beam: number;
  /** Hypotheses to return per text, 1 <= nbest <= beam. */
  nbest: number;
  /** GNMT length-penalty alpha. */
  alpha: number;
  /** Cap on output decoding steps; undefined lets the model decide. */
  maxLength?: number;
  /** Return the attention matrix of the best hypothesis. */
  attention: boolean;
}

/** One entry of the n-best list, best first. */
export interface NBestEntry {
  /** Detokenized translation. */
  text: string;
  /** Sum of log-probabilities. */
  score: number;
  /** Length-normalised score used for ranking. */
  normScore: number;
  /** Target subword tokens as displayed (without BOS/EOS). */
  tokens: string[];
  /** False when the hypothesis hit the length cap without emitting EOS. */
  finished: boolean;
}

/** Attention of the best hypothesis: weights[t][s] for target token t and source token s. */
export interface AttentionMatrix {
  sourceTokens: string[];
  targetTokens: string[];
  weights: number[][];
}

/** The translation of one input text. */
export interface TranslationResult {
  /** Best translation (same as nbest[0].text). */
  translation: string;
  nbest: NBestEntry[];
  /** Present when TranslateOptions.attention was true. */
  attention?: AttentionMatrix;
}

export interface Translator {
  modelCard(): ModelCard;
  /** Translates every text; results are in input order, one per text. */
  translate(texts: string[], opts: TranslateOptions): Promise<TranslationResult[]>;
  /** Memory held by the model, when the translator can tell. */
  memory?(): TranslatorMemory;
}

/** How the app obtains the (lazily loaded, per-isolate) translator. */
export type TranslatorProvider<E = unknown> = (env: E) => Promise<Translator>;
