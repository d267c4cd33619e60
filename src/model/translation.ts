/**
 * What a translation is: the decoding options and the result of one text (best translation,
 * n-best list, attention), plus the model's memory report. The engine produces these; the
 * Worker's routes serialise them as they are.
 */

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
  /** Terminology: every match of an entry's source term is translated as its target (do-not-translate: target === source). */
  glossary?: readonly GlossaryEntry[];
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
  /** The model's confidence in the best translation, in [0, 1] (absent for memory matches and fakes). */
  confidence?: number;
  nbest: NBestEntry[];
  /** Present when TranslateOptions.attention was true. */
  attention?: AttentionMatrix;
}

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

/** One terminology entry: an English term and the translation it must get. */
export interface GlossaryEntry {
  source: string;
  target: string;
}
