/**
 * The joint English+Spanish subword vocabulary (SentencePiece-style BPE): encoder and decoder.
 *
 * Pure TypeScript, no Node modules: it runs in the training scripts and in the Worker.
 *
 * Pipeline of `encode(text)`:
 *   1. `normalize`: NFC, every whitespace run becomes one space, trim.
 *   2. Split on spaces into words; each word is cut into chunks (`chunkWord`): letter runs,
 *      digit runs, runs of other characters, and every placeholder sentinel alone.
 *      Pieces never cross a chunk boundary. The first chunk of a word carries the word-start
 *      marker '▁' (U+2581); when the word starts with a sentinel the marker is a chunk of its own.
 *   3. Each chunk is merged with the learned BPE merges (lowest rank first, like GPT-2).
 *   4. A sentinel U+E000+slot is always the single id SENTINEL_BASE_ID + slot.
 *
 * Unknown characters: a character outside the vocabulary's alphabet (rare: the alphabet is chosen
 * by character coverage on the training text) becomes <unk>; a run of unknown characters inside
 * one chunk becomes ONE <unk>. A literal '▁' in the input is always unknown (the marker is reserved).
 * `decode` renders <unk> as U+FFFD '�', so the round trip is lossless exactly for normalised
 * strings whose characters all lie in `alphabet` (plus the sentinel characters).
 *
 * Decoding joins the pieces, turns every '▁' into a space, collapses space runs and trims;
 * <pad>, <s> and </s> are skipped, sentinel ids become their sentinel characters.
 */
import {
  BOS_ID,
  EOS_ID,
  MAX_SENTINELS,
  NUM_RESERVED,
  PAD_ID,
  SENTINEL_BASE_CODEPOINT,
  SENTINEL_BASE_ID,
  UNK_ID,
  isSentinelChar,
  sentinelChar,
} from './special-tokens.ts';

/** Word-start marker (U+2581), SentencePiece convention. */
export const WORD_START = '\u2581';
/** What `decode` prints for <unk>. */
export const UNK_TEXT = '\uFFFD';
export const VOCAB_FORMAT = 'edge-mt-bpe';
export const VOCAB_VERSION = 1;
export const VOCAB_NORMALIZATION = 'nfc+ws';

/** Reserved piece strings, by id. Sentinel pieces are the sentinel characters themselves. */
export const RESERVED_PIECES: readonly string[] = [
  '<pad>',
  '<unk>',
  '<s>',
  '</s>',
  ...Array.from({ length: MAX_SENTINELS }, (_, slot) => sentinelChar(slot)),
];

/** Special ids as stored in the JSON file (checked against special-tokens.ts on load). */
export interface VocabSpecials {
  pad: number;
  unk: number;
  bos: number;
  eos: number;
  sentinelBase: number;
  sentinelCount: number;
  sentinelCodepoint: number;
}

export const SPECIALS: VocabSpecials = {
  pad: PAD_ID,
  unk: UNK_ID,
  bos: BOS_ID,
  eos: EOS_ID,
  sentinelBase: SENTINEL_BASE_ID,
  sentinelCount: MAX_SENTINELS,
  sentinelCodepoint: SENTINEL_BASE_CODEPOINT,
};

/** The saved file. `training` is free-form provenance (never read by the encoder). */
export interface VocabJSON {
  format: typeof VOCAB_FORMAT;
  version: typeof VOCAB_VERSION;
  normalization: typeof VOCAB_NORMALIZATION;
  vocab: string[];
  merges: [string, string][];
  specials: VocabSpecials;
  training?: Record<string, unknown>;
}

/** NFC, collapse whitespace runs to one space, trim. */
export function normalize(text: string): string {
  return text.normalize('NFC').replace(/\s+/g, ' ').trim();
}

const CHUNK_RE = /[\p{L}\p{M}]+|\p{N}+|[\uE000-\uE01F]|[^\p{L}\p{M}\p{N}\uE000-\uE01F]+/gu;

/** Stand-in for a literal '▁' in the input (a noncharacter, never in any alphabet). */
export const LITERAL_MARKER_STANDIN = '\uFFFF';

/**
 * Cuts one word (no spaces) into chunks; pieces never cross chunks. The first chunk of a
 * word starts with the marker '▁' (a chunk '▁' of its own before a leading sentinel).
 * A literal '▁' inside the word is replaced by U+FFFF first, so it always encodes as <unk>.
 */
export function chunkWord(word: string): string[] {
  const chunks: string[] = word.replaceAll(WORD_START, LITERAL_MARKER_STANDIN).match(CHUNK_RE) ?? [];
  if (chunks.length === 0 || isSentinelChar(chunks[0])) chunks.unshift(WORD_START);
  else chunks[0] = WORD_START + chunks[0];
  return chunks;
}

/** Splits a normalised string into words (the unit of the encode cache). */
function splitWords(normalized: string): string[] {
  return normalized === '' ? [] : normalized.split(' ');
}

function fail(message: string): never {
  throw new Error(`Vocab.fromJSON: ${message}`);
}

export class Vocab {
  /** Characters that encode without <unk> (besides sentinels), sorted by code point. */
  readonly alphabet: readonly string[];
  private readonly idToPieceArr: readonly string[];
  private readonly pieceIds: Map<string, number>;
  private readonly mergeList: readonly [string, string][];
  private readonly ranks: Map<string, number>;
  private readonly cache = new Map<string, number[]>();
  private readonly maxCacheEntries: number;
  private readonly provenance: Record<string, unknown> | undefined;

  private constructor(json: VocabJSON, maxCacheEntries: number) {
    this.idToPieceArr = json.vocab;
    this.mergeList = json.merges;
    this.provenance = json.training;
    this.maxCacheEntries = maxCacheEntries;
    this.pieceIds = new Map(json.vocab.map((p, id) => [p, id] as const));
    this.ranks = new Map(json.merges.map(([a, b], rank) => [`${a} ${b}`, rank] as const));
    this.alphabet = json.vocab
      .slice(NUM_RESERVED)
      .filter((p) => [...p].length === 1 && p !== WORD_START)
      .sort((x, y) => x.codePointAt(0)! - y.codePointAt(0)!);
  }

  /** Validates and loads a saved vocabulary; throws one clear Error on any mismatch. */
  static fromJSON(obj: unknown, options: { maxCacheEntries?: number } = {}): Vocab {
    if (typeof obj !== 'object' || obj === null) fail('expected an object');
    const o = obj as Record<string, unknown>;
    if (o.format !== VOCAB_FORMAT) fail(`expected format "${VOCAB_FORMAT}", got ${JSON.stringify(o.format)}`);
    if (o.version !== VOCAB_VERSION) fail(`unsupported version ${JSON.stringify(o.version)} (this code reads version ${VOCAB_VERSION})`);
    if (o.normalization !== VOCAB_NORMALIZATION) {
      fail(`expected normalization "${VOCAB_NORMALIZATION}", got ${JSON.stringify(o.normalization)}`);
    }
    const { vocab, merges, specials } = o;
    if (!Array.isArray(vocab) || !vocab.every((p) => typeof p === 'string' && p !== '')) {
      fail('"vocab" must be an array of non-empty strings');
    }
    if (vocab.length <= NUM_RESERVED) fail(`"vocab" has ${vocab.length} pieces, need more than ${NUM_RESERVED}`);
    RESERVED_PIECES.forEach((p, id) => {
      if (vocab[id] !== p) fail(`reserved id ${id} must be ${JSON.stringify(p)}, got ${JSON.stringify(vocab[id])}`);
    });
    const seen = new Set<string>();
    for (const p of vocab as string[]) {
      if (seen.has(p)) fail(`duplicate piece ${JSON.stringify(p)}`);
      if (p.includes(' ')) fail(`piece ${JSON.stringify(p)} contains a space`);
      seen.add(p);
    }
    if (!Array.isArray(merges)) fail('"merges" must be an array');
    (merges as unknown[]).forEach((m, i) => {
      if (!Array.isArray(m) || m.length !== 2 || !seen.has(m[0]) || !seen.has(m[1]) || !seen.has(m[0] + m[1])) {
        fail(`merge ${i} ${JSON.stringify(m)} is not a pair of pieces whose join is a piece`);
      }
    });
    for (const [key, value] of Object.entries(SPECIALS)) {
      const got = (specials as Record<string, unknown> | undefined)?.[key];
      if (got !== value) fail(`specials.${key} must be ${value}, got ${JSON.stringify(got)}`);
    }
    return new Vocab(o as unknown as VocabJSON, options.maxCacheEntries ?? 20_000);
  }

  toJSON(): VocabJSON {
    const json: VocabJSON = {
      format: VOCAB_FORMAT,
      version: VOCAB_VERSION,
      normalization: VOCAB_NORMALIZATION,
      vocab: [...this.idToPieceArr],
      merges: this.mergeList.map(([a, b]) => [a, b]),
      specials: { ...SPECIALS },
    };
    if (this.provenance) json.training = this.provenance;
    return json;
  }

  get size(): number {
    return this.idToPieceArr.length;
  }

  /** Ids of `normalize(text)`, without <s>/</s> framing. */
  encode(text: string): number[] {
    const ids: number[] = [];
    for (const word of splitWords(normalize(text))) {
      for (const id of this.encodeWord(word)) ids.push(id);
    }
    return ids;
  }

  /** Text of ids: skips <pad>/<s>/</s>, <unk> → U+FFFD, '▁' → space, collapses and trims spaces. */
  decode(ids: readonly number[]): string {
    let out = '';
    for (const id of ids) {
      if (id === PAD_ID || id === BOS_ID || id === EOS_ID) continue;
      out += id === UNK_ID ? UNK_TEXT : this.idToPiece(id);
    }
    return out.replaceAll(WORD_START, ' ').replace(/ {2,}/g, ' ').trim();
  }

  /** Piece strings of ids (attention axis labels); unknown ids throw. */
  pieces(ids: readonly number[]): string[] {
    return ids.map((id) => this.idToPiece(id));
  }

  idToPiece(id: number): string {
    const piece = this.idToPieceArr[id];
    if (piece === undefined) throw new RangeError(`Vocab: id ${id} is outside 0..${this.size - 1}`);
    return piece;
  }

  /** Id of a piece string, or undefined when it is not in the vocabulary. */
  pieceToId(piece: string): number | undefined {
    return this.pieceIds.get(piece);
  }

  private encodeWord(word: string): number[] {
    const cached = this.cache.get(word);
    if (cached) return cached;
    const ids: number[] = [];
    for (const chunk of chunkWord(word)) {
      if (isSentinelChar(chunk)) {
        ids.push(SENTINEL_BASE_ID + chunk.charCodeAt(0) - SENTINEL_BASE_CODEPOINT);
        continue;
      }
      for (const piece of this.mergeChunk(chunk)) {
        const id = piece === null ? UNK_ID : (this.pieceIds.get(piece) ?? UNK_ID);
        if (id === UNK_ID && ids[ids.length - 1] === UNK_ID) continue;
        ids.push(id);
      }
    }
    if (this.cache.size >= this.maxCacheEntries) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(word, ids);
    return ids;
  }

  /** BPE on one chunk: repeatedly merges every occurrence of the lowest-ranked adjacent pair. */
  private mergeChunk(chunk: string): (string | null)[] {
    let symbols: (string | null)[] = Array.from(chunk, (s) => (this.pieceIds.has(s) ? s : null));
    while (symbols.length > 1) {
      let best = Infinity;
      let bestA = '';
      let bestB = '';
      for (let i = 0; i + 1 < symbols.length; i++) {
        const a = symbols[i];
        const b = symbols[i + 1];
        if (a === null || b === null) continue;
        const rank = this.ranks.get(`${a} ${b}`);
        if (rank !== undefined && rank < best) [best, bestA, bestB] = [rank, a, b];
      }
      if (best === Infinity) break;
      const next: (string | null)[] = [];
      for (let i = 0; i < symbols.length; i++) {
        if (i + 1 < symbols.length && symbols[i] === bestA && symbols[i + 1] === bestB) {
          next.push(bestA + bestB);
          i++;
        } else next.push(symbols[i]);
      }
      symbols = next;
    }
    return symbols;
  }
}
