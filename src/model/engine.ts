/**
 * The translation engine shared by the Node CLIs and the Worker: verified weights →
 * tfjs tensors, then for each text: sentence segmentation, and per sentence: placeholder
 * and glossary masking → subwords → greedy or beam search under the placeholder
 * constraint → detokenisation → unmasking; the sentences are rejoined per text. Identical code paths give identical output
 * everywhere. The graph is the fused int8 one (graph/fused-inference.ts) when edge-mt's kernels
 * are registered for the backend, else the reference float32 graph (EngineLoadOptions.graph).
 * Imports only tfjs (and pure TS modules of this folder).
 */
import * as tf from '@tensorflow/tfjs';
import { resolveConfig, type ModelConfig } from './graph/config.ts';
import { beamSearch } from './search/beam-search.ts';
import { greedySearch } from './search/greedy.ts';
import type { Hypothesis } from './search/hypothesis.ts';
import { parseManifest, verifyFile, type WeightsManifest } from './storage/manifest.ts';
import { mask, placeholdersIntact, unmask, unmaskSeparated, type ReplacedSpan } from './text/placeholders.ts';
import { findTerms, satisfiesTerms } from './text/glossary.ts';
import { segmentText } from './text/segment.ts';
import { composeText, type SentenceTranslation } from './compose-text.ts';
import { placeholderConstraint } from './placeholder-constraint.ts';
import { Seq2SeqSearchModel } from './graph/seq2seq-search.ts';
import { Shortlist, SHORTLIST_FILE } from './text/shortlist.ts';
import { disposeInference, prepareInference, type InferenceWeights } from './graph/seq2seq-inference.ts';
import { fusedKernelsAvailable, prepareFusedInference, type Int8Params } from './graph/fused-inference.ts';
import { isSentinelChar, SENTINEL_BASE_CODEPOINT } from './text/special-tokens.ts';
import { Vocab } from './text/vocab.ts';
import { decodeWeightFile, type DecodedWeights } from './storage/weight-file.ts';
import { EmbeddingTable } from './graph/embedding-table.ts';
import type { NBestEntry, TranslateOptions, TranslationResult, TranslatorMemory } from './translation.ts';

/** The files of a model folder, as bytes (the Worker bundles them; the CLI reads them). */
export interface ModelFiles {
  manifest: Uint8Array | ArrayBuffer;
  /** Reads one file named in the manifest. */
  file: (name: string) => Uint8Array | ArrayBuffer | Promise<Uint8Array | ArrayBuffer>;
}

/** Decoding features, all on by default (the evaluation turns each off to measure it). */
export interface EngineFeatures {
  /** Every source placeholder sentinel exactly once, none invented, EOS only after all (placeholder-constraint.ts). */
  placeholderConstraint: boolean;
  /** Translate sentence by sentence (text/segment.ts). */
  segmentation: boolean;
}

/** Beam size of the fallback search when a greedy translation's placeholders are not intact. */
const REPAIR_BEAM = 4;

/** How TranslationEngine.load builds the engine. */
export interface EngineLoadOptions {
  /** Score only the lexical shortlist's columns when the manifest lists shortlist.json (default true). */
  shortlist?: boolean;
  /**
   * 'fused': the int8 graph on edge-mt's own kernels (graph/fused-inference.ts), the default
   * when those kernels are registered for the backend; 'reference': the float32 graph of
   * seq2seq-inference.ts (always available).
   */
  graph?: 'fused' | 'reference';
}

const text = (b: Uint8Array | ArrayBuffer) => new TextDecoder('utf-8', { fatal: true }).decode(b);

/** Shows a piece for the attention axes: '▁' as a visible space, sentinels as ⟨n⟩. */
export function displayPiece(piece: string): string {
  return [...piece].map((ch) => (isSentinelChar(ch) ? `⟨${ch.charCodeAt(0) - SENTINEL_BASE_CODEPOINT}⟩` : ch)).join('');
}

/** An embedding stored per-row int8 in the weight file, kept int8 on the host. */
function int8Table(decoded: DecodedWeights, name: string): EmbeddingTable | undefined {
  const t = decoded.tensors[name];
  if (!t?.int8 || t.int8.channelAxis !== 0 || t.shape.length !== 2) return undefined;
  return EmbeddingTable.fromInt8(t.int8.q, t.int8.scales, t.shape[0], t.shape[1]);
}

/** The weight file's int8 matrices quantized per output channel (last axis), as the fused graph uses them. */
function int8Matrices(decoded: DecodedWeights): Int8Params {
  const out: Int8Params = {};
  for (const [name, t] of Object.entries(decoded.tensors)) {
    if (t.int8 && t.shape.length === 2 && t.int8.channelAxis === 1) out[name] = { q: t.int8.q, scales: t.int8.scales };
  }
  return out;
}

export class TranslationEngine {
  private search: Seq2SeqSearchModel;
  /** The lexical shortlist in use (undefined: the full vocabulary is scored). */
  shortlist: Shortlist | undefined;
  /** Decoding features in force (see EngineFeatures). */
  readonly features: EngineFeatures = { placeholderConstraint: true, segmentation: true };

  /**
   * `weights` is the inference graph's form of the parameters (seq2seq-inference.ts);
   * `parameterCount` counts the parameters of the trained model.
   */
  private constructor(readonly manifest: WeightsManifest, readonly config: ModelConfig, readonly vocab: Vocab, readonly weights: InferenceWeights, readonly weightFile: string, readonly parameterCount: number) {
    this.search = new Seq2SeqSearchModel(weights);
  }

  /**
   * Loads and verifies a model folder: the manifest's sha256 of every file it needs, the
   * weight file's own magic/version/size/checksums. Any failure throws one clear Error.
   */
  static async load(files: ModelFiles, weightFile = 'model.bin', options: EngineLoadOptions = {}): Promise<TranslationEngine> {
    let manifest: WeightsManifest;
    try { manifest = parseManifest(JSON.parse(text(files.manifest))); } catch (e) { throw new Error(`manifest.json is invalid: ${(e as Error).message}`); }
    const read = async (name: string) => {
      const bytes = await files.file(name);
      await verifyFile(name, bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes), manifest);
      return bytes;
    };
    const vocab = Vocab.fromJSON(JSON.parse(text(await read(manifest.tokenizer))));
    let shortlist: Shortlist | undefined;
    if (options.shortlist !== false && Object.hasOwn(manifest.files, SHORTLIST_FILE)) {
      shortlist = Shortlist.fromJSON(JSON.parse(text(await read(SHORTLIST_FILE))));
      if (shortlist.vocabSize !== vocab.size || shortlist.tokenizerSha256 !== manifest.files[manifest.tokenizer].sha256.toLowerCase()) {
        throw new Error(`${SHORTLIST_FILE} was built for another tokenizer than ${manifest.tokenizer}`);
      }
    }
    const decoded = await decodeWeightFile(await read(weightFile));
    const config = resolveConfig(decoded.config as Partial<ModelConfig>);
    if (config.tgtVocabSize !== vocab.size) throw new Error(`weights expect a vocabulary of ${config.tgtVocabSize}, the tokenizer has ${vocab.size}`);
    const host = Object.fromEntries(Object.entries(decoded.tensors).map(([name, t]) => [name, t.data]));
    const parameterCount = Object.values(host).reduce((n, d) => n + d.length, 0);
    const tables = { src: int8Table(decoded, 'src_embedding'), tgt: int8Table(decoded, 'tgt_embedding') };
    const graph = options.graph ?? (fusedKernelsAvailable() ? 'fused' : 'reference');
    if (graph === 'fused' && !fusedKernelsAvailable()) throw new Error(`the fused graph needs edge-mt's kernels, which are not registered for the "${tf.getBackend()}" backend`);
    const weights = graph === 'fused' ? prepareFusedInference(host, config, tables, int8Matrices(decoded)) : prepareInference(host, config, tables);
    const engine = new TranslationEngine(manifest, config, vocab, weights, weightFile, parameterCount);
    engine.useShortlist(shortlist);
    return engine;
  }

  /** Scores only `shortlist.columns(source)` from now on; undefined restores the full vocabulary. */
  useShortlist(shortlist: Shortlist | undefined): void {
    this.replaceSearch(new Seq2SeqSearchModel(this.weights, shortlist));
    this.shortlist = shortlist;
  }

  private replaceSearch(search: Seq2SeqSearchModel): void {
    this.search.dispose();
    this.search = search;
  }

  /**
   * Translates each text (results in input order). Each text is cut into sentences
   * (text/segment.ts); the sentences of the whole request are translated as one batch
   * (one list, in order) and each text is rejoined with its original whitespace and line
   * breaks (see composeText for n-best, attention and confidence).
   */
  translate(texts: readonly string[], opts: TranslateOptions): TranslationResult[] {
    const pieces = texts.map((t) => (this.features.segmentation ? segmentText(t) : [{ text: t, sentence: true }]));
    // Each sentence is masked in the context of its whole text (a tag opened in one sentence and closed in another is a placeholder).
    const sentences = pieces.flatMap((ps, t) => ps.filter((p) => p.sentence).map((p) => ({ text: p.text, context: ps.length > 1 ? texts[t] : undefined })));
    const translated = sentences.map((s) => this.translateSentence(s.text, opts, s.context));
    let next = 0;
    return pieces.map((ps) => composeText(ps, ps.map((p) => (p.sentence ? translated[next++] : undefined)), opts));
  }

  /**
   * One sentence. With glossary matches, the plain translation is kept when it already carries
   * every target term (satisfiesTerms), else the terms are injected as placeholders.
   */
  private translateSentence(input: string, opts: TranslateOptions, context?: string): SentenceTranslation {
    const terms = opts.glossary?.length ? findTerms(input, opts.glossary) : [];
    if (terms.length === 0) return this.searchSentence(input, [], opts, context);
    const plain = this.searchSentence(input, [], opts, context);
    return satisfiesTerms(plain.nbest[0].text, terms) ? plain : this.searchSentence(input, terms, opts, context);
  }

  /** mask (placeholders and injected terms) → encode → constrained search → decode → unmask. */
  private searchSentence(input: string, terms: readonly ReplacedSpan[], opts: TranslateOptions, context?: string): SentenceTranslation {
    const { masked, slots } = mask(input, terms, { context });
    const srcIds = this.vocab.encode(masked);
    const sourceTokens = this.vocab.pieces(srcIds).map(displayPiece);
    if (srcIds.length === 0) return { nbest: [{ text: '', score: 0, normScore: 0, tokens: [], finished: true }], sourceTokens, attention: [] };
    const constraint = this.features.placeholderConstraint ? placeholderConstraint(srcIds, this.search.eosId) : undefined;
    const limits = { maxLength: opts.maxLength, attention: opts.attention, alpha: opts.alpha, constraint };
    const decode = (h: Hypothesis) => unmask(this.vocab.decode(h.tokens), slots);
    let hyps: Hypothesis[] = opts.beam <= 1
      ? [greedySearch(this.search, srcIds, limits)]
      : beamSearch(this.search, srcIds, { ...limits, beamSize: opts.beam, nbest: opts.nbest });
    let best = decode(hyps[0]);
    if (constraint) {
      // A best hypothesis whose slots came out glued to literal text (placeholdersIntact) gives way
      // to the best intact one of a full n-best search (greedy: of a small beam). Only the rare
      // sentence that needs it pays for the second search; the others are unchanged. If none is
      // intact, the best one's slots are separated from the glued text (unmaskSeparated).
      const allowed = terms.map((t) => t.replacement);
      const intact = (h: Hypothesis) => placeholdersIntact(input, decode(h), allowed, { context });
      if (!placeholdersIntact(input, best, allowed, { context })) {
        const beamSize = Math.max(opts.beam, REPAIR_BEAM);
        const pool = [...hyps, ...beamSearch(this.search, srcIds, { ...limits, beamSize, nbest: beamSize })];
        const ok = pool.find(intact);
        if (ok) {
          const key = (h: Hypothesis) => h.tokens.join(' ');
          hyps = [ok, ...hyps.filter((h) => key(h) !== key(ok))];
          best = decode(ok);
        } else best = unmaskSeparated(this.vocab.decode(hyps[0].tokens), slots);
      }
    }
    const nbest: NBestEntry[] = hyps.slice(0, opts.nbest).map((h, i) => ({
      text: i === 0 ? best : decode(h),
      score: h.score,
      normScore: h.normScore,
      tokens: this.vocab.pieces(h.tokens).map(displayPiece),
      finished: h.finished,
    }));
    return { nbest, sourceTokens, attention: hyps[0].attention ?? [] };
  }

  /** Memory held by the model: the backend's wasm memory (when it has one), tensors, host tables. */
  memory(): TranslatorMemory {
    const heap = (tf.backend() as unknown as { wasm?: { HEAPU8?: Uint8Array } }).wasm?.HEAPU8;
    const m = tf.memory();
    return { wasmMemoryBytes: heap?.buffer.byteLength ?? 0, tensorBytes: m.numBytes, tensors: m.numTensors, hostBytes: this.weights.srcEmbedding.bytes + this.weights.tgtEmbedding.bytes };
  }

  dispose(): void {
    this.search.dispose();
    disposeInference(this.weights);
  }
}
