/**
 * The translation engine shared by the Node CLIs and the Worker: verified weights →
 * tfjs tensors, then for each text: placeholder masking → subwords → greedy or beam
 * search → detokenisation → unmasking. Identical code paths give identical output
 * everywhere. Imports only tfjs (and pure TS modules of this folder).
 */
import * as tf from '@tensorflow/tfjs';
import { resolveConfig, type ModelConfig } from './config.ts';
import { beamSearch } from './beam-search.ts';
import { greedySearch } from './greedy.ts';
import type { Hypothesis } from './hypothesis.ts';
import { parseManifest, verifyFile, type WeightsManifest } from './manifest.ts';
import { mask, unmask } from './placeholders.ts';
import { Seq2SeqSearchModel, type ShortlistFn } from './seq2seq-search.ts';
import { Shortlist, SHORTLIST_FILE } from './shortlist.ts';
import { ShortlistSearchModel } from './shortlist-search.ts';
import { disposeInference, prepareInference, type InferenceWeights } from './seq2seq-inference.ts';
import { fusedKernelsAvailable, prepareFusedInference, type Int8Params } from './graph/fused-inference.ts';
import { isSentinelChar, SENTINEL_BASE_CODEPOINT } from './special-tokens.ts';
import { Vocab } from './vocab.ts';
import { decodeWeightFile, type DecodedWeights } from './weight-file.ts';
import { EmbeddingTable } from './embedding-table.ts';
import { installFastKernels } from './fast-kernels.ts';
import type { AttentionMatrix, NBestEntry, TranslateOptions, TranslationResult, TranslatorMemory } from '../translator.ts';

/** The files of a model folder, as bytes (the Worker bundles them; the CLI reads them). */
export interface ModelFiles {
  manifest: Uint8Array | ArrayBuffer;
  /** Reads one file named in the manifest. */
  file: (name: string) => Uint8Array | ArrayBuffer | Promise<Uint8Array | ArrayBuffer>;
}

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
    installFastKernels(tf.getBackend());
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
    this.replaceSearch(shortlist ? new ShortlistSearchModel(this.weights, shortlist) : new Seq2SeqSearchModel(this.weights));
    this.shortlist = shortlist;
  }

  setShortlist(fn: ShortlistFn | undefined): void {
    this.replaceSearch(new Seq2SeqSearchModel(this.weights, fn));
    this.shortlist = undefined;
  }

  private replaceSearch(search: Seq2SeqSearchModel): void {
    if (this.search instanceof ShortlistSearchModel) this.search.dispose();
    this.search = search;
  }

  /** Translates each text independently (results in input order). */
  translate(texts: readonly string[], opts: TranslateOptions): TranslationResult[] {
    return texts.map((t) => this.translateOne(t, opts));
  }

  private translateOne(input: string, opts: TranslateOptions): TranslationResult {
    const { masked, slots } = mask(input);
    const srcIds = this.vocab.encode(masked);
    if (srcIds.length === 0) return { translation: '', nbest: [{ text: '', score: 0, normScore: 0, tokens: [], finished: true }], ...(opts.attention ? { attention: { sourceTokens: [], targetTokens: [], weights: [] } } : {}) };
    const limits = { maxLength: opts.maxLength, attention: opts.attention, alpha: opts.alpha };
    const hyps: Hypothesis[] = opts.beam <= 1
      ? [greedySearch(this.search, srcIds, limits)]
      : beamSearch(this.search, srcIds, { ...limits, beamSize: opts.beam, nbest: opts.nbest });
    const nbest: NBestEntry[] = hyps.slice(0, opts.nbest).map((h) => ({
      text: unmask(this.vocab.decode(h.tokens), slots),
      score: h.score,
      normScore: h.normScore,
      tokens: this.vocab.pieces(h.tokens).map(displayPiece),
      finished: h.finished,
    }));
    const result: TranslationResult = { translation: nbest[0].text, nbest };
    if (opts.attention) {
      const best = hyps[0];
      const attention: AttentionMatrix = {
        sourceTokens: this.vocab.pieces(srcIds).map(displayPiece),
        targetTokens: nbest[0].tokens,
        weights: (best.attention ?? []).map((row) => Array.from(row, (v) => Math.round(v * 1e4) / 1e4)),
      };
      result.attention = attention;
    }
    return result;
  }

  /** Memory held by the model: the backend's wasm memory (when it has one), tensors, host tables. */
  memory(): TranslatorMemory {
    const heap = (tf.backend() as unknown as { wasm?: { HEAPU8?: Uint8Array } }).wasm?.HEAPU8;
    const m = tf.memory();
    return { wasmMemoryBytes: heap?.buffer.byteLength ?? 0, tensorBytes: m.numBytes, tensors: m.numTensors, hostBytes: this.weights.srcEmbedding.bytes + this.weights.tgtEmbedding.bytes };
  }

  dispose(): void {
    this.replaceSearch(new Seq2SeqSearchModel(this.weights));
    disposeInference(this.weights);
  }
}
