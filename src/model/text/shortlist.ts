/**
 * Lexical shortlist (vocabulary selection, as in Marian's `--shortlist`): for a source
 * sentence, the small set of target subwords the decoder scores instead of the whole
 * vocabulary, so the output projection and the softmax shrink from V to K columns.
 *
 * The set for a sentence is `always` (EOS, UNK, every placeholder sentinel and the most
 * frequent target subwords) ∪ the learned candidates of each of its source subwords.
 * Candidates are the targets outside `always` ranked by the Dice coefficient of
 * sentence-level co-occurrence,
 *   dice(s, t) = 2·c(s, t) / (c(s) + c(t)),
 * which, unlike a raw count, does not let frequent function words crowd out the real
 * translations of a word (ties: higher c(s, t), then lower id). Taking them beyond
 * `always` spends every stored slot on a subword the frequent list does not already hold.
 *
 * File format (`shortlist.json`, version 1):
 *   { format: "edge-mt-shortlist", version: 1, vocab_size: V, tokenizer_sha256: hex,
 *     always: [sorted ids], by_source_gaps: [V lists], params: {…}, built_from: {…} }
 * by_source_gaps[s] is the sorted candidate list of source id s minus `always`, gap-coded
 * (first id, then differences; all > 0 after the first) so that the file gzips small.
 *
 * Pure TypeScript (no Node modules): used by the Worker, the engine and the learner CLI.
 */
import { EOS_ID, MAX_SENTINELS, SENTINEL_BASE_ID, UNK_ID } from './special-tokens.ts';

export const SHORTLIST_FORMAT = 'edge-mt-shortlist';
export const SHORTLIST_VERSION = 1;
/** Name of the shortlist in a model folder (the engine loads it when the manifest lists it). */
export const SHORTLIST_FILE = 'shortlist.json';

export interface ShortlistJSON {
  format: typeof SHORTLIST_FORMAT;
  version: typeof SHORTLIST_VERSION;
  vocab_size: number;
  /** SHA-256 of the tokenizer file the ids refer to. */
  tokenizer_sha256: string;
  always: number[];
  by_source_gaps: number[][];
  params?: Record<string, unknown>;
  built_from?: Record<string, unknown>;
  [extra: string]: unknown;
}

/** Learner settings. */
export interface ShortlistParams {
  /** Candidates kept per source subword (top by Dice, beyond the always-included ids). */
  perSource: number;
  /** Most frequent target subwords always included. */
  frequent: number;
}

/**
 * Defaults chosen on the en-es dev split: 97.8% of reference subwords covered with ~2100 of
 * 8000 columns and a ~100 KiB gzip file (per-source 30 / frequent 300 covers 94%, is 220 KiB
 * gzip and would push the Worker bundle over Cloudflare's 10 MB limit).
 */
export const DEFAULT_SHORTLIST_PARAMS: ShortlistParams = { perSource: 10, frequent: 2000 };

/** Ids every shortlist contains: EOS, UNK and all placeholder sentinels. */
export const REQUIRED_IDS: readonly number[] = [UNK_ID, EOS_ID, ...Array.from({ length: MAX_SENTINELS }, (_, i) => SENTINEL_BASE_ID + i)];

const fail = (what: string): never => {
  throw new Error(`shortlist is invalid: ${what}`);
};

export class Shortlist {
  private constructor(
    readonly vocabSize: number,
    readonly tokenizerSha256: string,
    /** Sorted ids included for every sentence. */
    readonly always: Int32Array,
    /** Sorted extra candidates (not in `always`) per source id. */
    private readonly bySource: readonly Int32Array[],
    readonly meta: { params?: Record<string, unknown>; built_from?: Record<string, unknown> },
  ) {}

  /** Validates a parsed shortlist.json; throws one clear Error on the first problem. */
  static fromJSON(value: unknown): Shortlist {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('not a JSON object');
    const o = value as Record<string, unknown>;
    if (o.format !== SHORTLIST_FORMAT) fail(`"format" must be "${SHORTLIST_FORMAT}", got ${JSON.stringify(o.format)}`);
    if (o.version !== SHORTLIST_VERSION) fail(`"version" ${JSON.stringify(o.version)} is not supported (expected ${SHORTLIST_VERSION})`);
    const V = o.vocab_size as number;
    if (!Number.isSafeInteger(V) || V <= Math.max(...REQUIRED_IDS)) fail(`"vocab_size" must be an integer above ${Math.max(...REQUIRED_IDS)}`);
    if (typeof o.tokenizer_sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(o.tokenizer_sha256)) fail('"tokenizer_sha256" must be 64 lower-case hex digits');
    if (!Array.isArray(o.always)) fail('"always" must be an array of ids');
    const always = Int32Array.from(o.always as unknown[], (id, i) => {
      if (!Number.isInteger(id) || (id as number) < 0 || (id as number) >= V) fail(`always[${i}] is not an id in 0..${V - 1}`);
      if (i > 0 && (id as number) <= (o.always as number[])[i - 1]) fail(`"always" must be strictly increasing (at index ${i})`);
      return id as number;
    });
    for (const id of REQUIRED_IDS) if (!always.includes(id)) fail(`"always" lacks the reserved id ${id}`);
    const gaps = o.by_source_gaps;
    if (!Array.isArray(gaps) || gaps.length !== V) fail(`"by_source_gaps" must be an array of ${V} lists`);
    const inAlways = new Uint8Array(V);
    for (const id of always) inAlways[id] = 1;
    const bySource = (gaps as unknown[]).map((list, s) => {
      if (!Array.isArray(list)) fail(`by_source_gaps[${s}] is not an array`);
      const ids = new Int32Array((list as unknown[]).length);
      let id = -1;
      (list as unknown[]).forEach((g, j) => {
        if (!Number.isInteger(g) || (g as number) < (j === 0 ? 0 : 1)) fail(`by_source_gaps[${s}][${j}] is not a valid gap`);
        id = j === 0 ? (g as number) : id + (g as number);
        if (id >= V) fail(`by_source_gaps[${s}] reaches id ${id}, outside 0..${V - 1}`);
        if (inAlways[id]) fail(`by_source_gaps[${s}] repeats id ${id} of "always"`);
        ids[j] = id;
      });
      return ids;
    });
    const meta = { params: o.params as Record<string, unknown> | undefined, built_from: o.built_from as Record<string, unknown> | undefined };
    return new Shortlist(V, o.tokenizer_sha256 as string, always, bySource, meta);
  }

  /** Builds a shortlist from candidate lists (any order, may overlap `always`). */
  static fromLists(vocabSize: number, tokenizerSha256: string, always: Iterable<number>, candidates: readonly (readonly number[])[], meta: Shortlist['meta'] = {}): Shortlist {
    const a = Int32Array.from(new Set([...REQUIRED_IDS, ...always])).sort();
    const inAlways = new Uint8Array(vocabSize);
    for (const id of a) inAlways[id] = 1;
    const bySource = Array.from({ length: vocabSize }, (_, s) => Int32Array.from(new Set((candidates[s] ?? []).filter((t) => !inAlways[t]))).sort());
    return Shortlist.fromJSON(new Shortlist(vocabSize, tokenizerSha256, a, bySource, meta).toJSON());
  }

  toJSON(): ShortlistJSON {
    const json: ShortlistJSON = {
      format: SHORTLIST_FORMAT,
      version: SHORTLIST_VERSION,
      vocab_size: this.vocabSize,
      tokenizer_sha256: this.tokenizerSha256,
      always: Array.from(this.always),
      by_source_gaps: this.bySource.map((ids) => Array.from(ids, (id, j) => (j === 0 ? id : id - ids[j - 1]))),
    };
    if (this.meta.params) json.params = this.meta.params;
    if (this.meta.built_from) json.built_from = this.meta.built_from;
    return json;
  }

  /** Candidates of one source id (beyond `always`), sorted. */
  candidates(srcId: number): Int32Array {
    if (!Number.isInteger(srcId) || srcId < 0 || srcId >= this.vocabSize) throw new RangeError(`shortlist: source id ${srcId} is outside 0..${this.vocabSize - 1}`);
    return this.bySource[srcId];
  }

  /** Every id that is some source id's candidate (sorted, unique; none of them in `always`). */
  candidateIds(): Int32Array {
    const seen = new Uint8Array(this.vocabSize);
    for (const list of this.bySource) for (const id of list) seen[id] = 1;
    const ids: number[] = [];
    seen.forEach((on, id) => { if (on) ids.push(id); });
    return Int32Array.from(ids);
  }

  /** The sorted, unique target ids to score for a source sentence. */
  columns(srcIds: readonly number[]): Int32Array {
    const mark = new Uint8Array(this.vocabSize);
    let n = 0;
    for (const id of this.always) mark[id] = 1;
    n += this.always.length;
    for (const s of srcIds) {
      for (const t of this.candidates(s)) if (!mark[t]) { mark[t] = 1; n++; }
    }
    const out = new Int32Array(n);
    for (let id = 0, k = 0; k < n; id++) if (mark[id]) out[k++] = id;
    return out;
  }
}

/** One training pair as subword ids (placeholder-masked, BPE-encoded, no BOS/EOS). */
export interface IdPair {
  src: readonly number[];
  tgt: readonly number[];
}

/**
 * Learns a shortlist from id pairs: the `frequent` most frequent target ids (by token
 * count; ties: lower id) and the REQUIRED_IDS for every sentence, plus per source id the
 * top `perSource` other targets by Dice over sentence-level co-occurrence.
 */
export function learnShortlist(pairs: readonly IdPair[], vocabSize: number, tokenizerSha256: string, params: ShortlistParams = DEFAULT_SHORTLIST_PARAMS, builtFrom: Record<string, unknown> = {}): Shortlist {
  const V = vocabSize;
  const check = (id: number) => {
    if (!Number.isInteger(id) || id < 0 || id >= V) throw new RangeError(`learnShortlist: id ${id} is outside 0..${V - 1}`);
    return id;
  };
  const srcSets = pairs.map((p) => Int32Array.from(new Set(p.src.map(check))));
  const tgtSets = pairs.map((p) => Int32Array.from(new Set(p.tgt.map(check))));
  const cs = new Int32Array(V), ct = new Int32Array(V), tokens = new Float64Array(V);
  for (const set of srcSets) for (const s of set) cs[s]++;
  for (const set of tgtSets) for (const t of set) ct[t]++;
  for (const p of pairs) for (const t of p.tgt) tokens[t]++;

  // Inverted index (CSR): the sentences of each source id.
  const start = new Int32Array(V + 1);
  for (let s = 0; s < V; s++) start[s + 1] = start[s] + cs[s];
  const fill = start.slice(0, V), sentences = new Int32Array(start[V]);
  srcSets.forEach((set, i) => { for (const s of set) sentences[fill[s]++] = i; });

  const frequent = Array.from({ length: V }, (_, t) => t).filter((t) => tokens[t] > 0)
    .sort((a, b) => tokens[b] - tokens[a] || a - b).slice(0, params.frequent);
  const inAlways = new Uint8Array(V);
  for (const t of [...REQUIRED_IDS, ...frequent]) inAlways[t] = 1;

  const joint = new Int32Array(V);
  const candidates: number[][] = new Array(V);
  for (let s = 0; s < V; s++) {
    const touched: number[] = [];
    for (let k = start[s]; k < start[s + 1]; k++) {
      for (const t of tgtSets[sentences[k]]) if (joint[t]++ === 0) touched.push(t);
    }
    const dice = (t: number) => (2 * joint[t]) / (cs[s] + ct[t]);
    const pool = touched.filter((t) => !inAlways[t]);
    pool.sort((a, b) => dice(b) - dice(a) || joint[b] - joint[a] || a - b);
    candidates[s] = pool.slice(0, params.perSource);
    for (const t of touched) joint[t] = 0;
  }
  const meta = { params: { per_source: params.perSource, frequent: params.frequent, association: 'dice' }, built_from: { sentences: pairs.length, ...builtFrom } };
  return Shortlist.fromLists(V, tokenizerSha256, frequent, candidates, meta);
}

/** How well a shortlist fits parallel text. */
export interface ShortlistFit {
  sentences: number;
  /** Mean, min and max number of columns per sentence. */
  meanSize: number;
  minSize: number;
  maxSize: number;
  /** Fraction of reference target subwords (EOS excluded) inside their sentence's shortlist. */
  coverage: number;
  /** Fraction of sentences whose every reference subword is covered. */
  sentenceCoverage: number;
}

/** Measures column counts and reference coverage of `shortlist` on id pairs. */
export function measureShortlist(shortlist: Shortlist, pairs: readonly IdPair[]): ShortlistFit {
  let sizes = 0, minSize = Infinity, maxSize = 0, covered = 0, total = 0, fullSentences = 0;
  const mark = new Uint8Array(shortlist.vocabSize);
  for (const p of pairs) {
    const cols = shortlist.columns(p.src);
    sizes += cols.length;
    minSize = Math.min(minSize, cols.length);
    maxSize = Math.max(maxSize, cols.length);
    for (const c of cols) mark[c] = 1;
    let hit = 0;
    for (const t of p.tgt) hit += mark[t];
    covered += hit;
    total += p.tgt.length;
    if (hit === p.tgt.length) fullSentences++;
    for (const c of cols) mark[c] = 0;
  }
  const n = pairs.length;
  return { sentences: n, meanSize: n ? sizes / n : 0, minSize: n ? minSize : 0, maxSize, coverage: total ? covered / total : 1, sentenceCoverage: n ? fullSentences / n : 1 };
}
