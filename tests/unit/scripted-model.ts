/**
 * A scripted SearchModel for unit tests of search (the one allowed fake in the project):
 * decodeStep returns log-probabilities that are a deterministic function of each row's
 * output prefix (a table or a seeded hash), never of the search's internals. It checks the
 * ownership contract — decodeStep / selectRows on a disposed state, double disposal and
 * row-count mismatches throw — and counts live states and encoder outputs so a test can
 * assert that nothing leaked.
 */
import type { SearchModel, StepOutput } from '../../src/model/search/search-model.ts';

/** Log-probabilities over the whole vocabulary after `prefix` (output tokens, no BOS). */
export type LogProbFn = (prefix: readonly number[], src: readonly number[]) => ArrayLike<number>;
/** Attention row (srcLen weights) of the step that follows `prefix`. */
export type AttentionFn = (prefix: readonly number[], srcLen: number) => ArrayLike<number>;

export interface ScriptedModelOptions {
  logProbs: LogProbFn;
  eosId?: number;
  bosId?: number;
  attention?: AttentionFn;
  /** Vocabulary ids of the returned columns (a shortlist, in this order). */
  shortlist?: number[];
  /** 0-based index of the decodeStep call that throws. */
  failOnStep?: number;
  /** initialState throws (after the encoder output exists). */
  failOnInitialState?: boolean;
}

export interface ScriptedState {
  readonly id: number;
  /** Tokens fed to each row so far, starting with BOS. */
  readonly fed: readonly (readonly number[])[];
}

export interface ScriptedEncoded {
  readonly id: number;
  readonly src: readonly number[];
}

export class ScriptedModel implements SearchModel<ScriptedEncoded, ScriptedState> {
  readonly eosId: number;
  readonly bosId: number;
  /** Rows of every decodeStep call, in order. */
  readonly stepRows: number[] = [];
  private nextId = 1;
  private readonly liveStateIds = new Set<number>();
  private readonly liveEncodedIds = new Set<number>();

  constructor(private readonly opts: ScriptedModelOptions) {
    this.eosId = opts.eosId ?? 3;
    this.bosId = opts.bosId ?? 2;
  }

  get liveStates(): number {
    return this.liveStateIds.size;
  }
  get liveEncoded(): number {
    return this.liveEncodedIds.size;
  }
  get decodeCalls(): number {
    return this.stepRows.length;
  }

  encode(srcIds: number[]): ScriptedEncoded {
    const enc = { id: this.nextId++, src: [...srcIds] };
    this.liveEncodedIds.add(enc.id);
    return enc;
  }

  sourceLength(enc: ScriptedEncoded): number {
    return enc.src.length;
  }

  initialState(enc: ScriptedEncoded): ScriptedState {
    this.checkEncoded(enc);
    if (this.opts.failOnInitialState) throw new Error('scripted failure in initialState');
    return this.newState([[]]);
  }

  decodeStep(enc: ScriptedEncoded, state: ScriptedState, prevTokens: Int32Array, o?: { attention?: boolean }): StepOutput<ScriptedState> {
    this.checkEncoded(enc);
    this.checkState(state);
    if (prevTokens.length !== state.fed.length) throw new Error(`${prevTokens.length} tokens fed to ${state.fed.length} rows`);
    if (this.stepRows.length === this.opts.failOnStep) throw new Error(`scripted failure at step ${this.opts.failOnStep}`);
    this.stepRows.push(state.fed.length);
    const fed = state.fed.map((f, r) => [...f, prevTokens[r]]);
    const columns = this.opts.shortlist;
    const rows = fed.map((f) => {
      if (f[0] !== this.bosId) throw new Error(`first fed token must be BOS ${this.bosId}, got ${f[0]}`);
      const lp = this.opts.logProbs(f.slice(1), enc.src);
      return columns ? columns.map((id) => lp[id]) : Array.from(lp);
    });
    const out: StepOutput<ScriptedState> = { logProbs: Float32Array.from(rows.flat()), state: this.newState(fed) };
    if (columns) out.columnIds = Int32Array.from(columns);
    if (o?.attention) {
      const att = this.opts.attention ?? uniformAttention;
      out.attention = Float32Array.from(fed.flatMap((f) => Array.from(att(f.slice(1), enc.src.length))));
    }
    return out;
  }

  selectRows(state: ScriptedState, rows: Int32Array): ScriptedState {
    this.checkState(state);
    for (const r of rows) if (r < 0 || r >= state.fed.length) throw new Error(`row ${r} out of range [0, ${state.fed.length})`);
    return this.newState(Array.from(rows, (r) => state.fed[r]));
  }

  disposeState(state: ScriptedState): void {
    this.checkState(state);
    this.liveStateIds.delete(state.id);
  }

  disposeEncoded(enc: ScriptedEncoded): void {
    this.checkEncoded(enc);
    this.liveEncodedIds.delete(enc.id);
  }

  private newState(fed: (readonly number[])[]): ScriptedState {
    const state = { id: this.nextId++, fed };
    this.liveStateIds.add(state.id);
    return state;
  }
  private checkState(state: ScriptedState): void {
    if (!this.liveStateIds.has(state.id)) throw new Error(`state ${state.id} is disposed or unknown`);
  }
  private checkEncoded(enc: ScriptedEncoded): void {
    if (!this.liveEncodedIds.has(enc.id)) throw new Error(`encoder output ${enc.id} is disposed or unknown`);
  }
}

const uniformAttention: AttentionFn = (_prefix, srcLen) => new Array<number>(srcLen).fill(1 / srcLen);

/**
 * Log-probs from a table of probabilities: `table['4 5']` gives {id: p} after the prefix [4, 5]
 * ('' is the empty prefix); the rest of the mass is spread evenly over the other ids.
 * A prefix missing from the table gets a uniform distribution.
 */
export function tableLogProbs(vocabSize: number, table: Record<string, Record<number, number>>): LogProbFn {
  return (prefix) => {
    const given = table[prefix.join(' ')] ?? {};
    const ids = Object.keys(given).map(Number);
    const mass = ids.reduce((s, id) => s + given[id], 0);
    if (mass > 1 + 1e-9) throw new Error(`probabilities after [${prefix.join(' ')}] sum to ${mass}`);
    const rest = (1 - mass) / (vocabSize - ids.length);
    return Array.from({ length: vocabSize }, (_, id) => Math.log(id in given ? given[id] : rest));
  };
}

/** FNV-1a over 32-bit integers: a seeded hash of a token sequence. */
export function hashTokens(seed: number, tokens: readonly number[]): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (const t of [...tokens, -1]) {
    h = Math.imul(h ^ (t & 0xffff), 0x01000193) >>> 0;
    h = Math.imul(h ^ (t >>> 16), 0x01000193) >>> 0;
  }
  return h;
}

import { mulberry32 } from '../../src/model/graph/rng.ts';
/** mulberry32, the project's seeded PRNG (re-exported for the search tests). */
export { mulberry32 };

/** Log-softmax of seeded random logits in [-spread, spread], a function of (seed, src, prefix). */
export function randomLogProbs(seed: number, vocabSize: number, spread = 3): LogProbFn {
  return (prefix, src) => {
    const rand = mulberry32(hashTokens(hashTokens(seed, src), prefix));
    const logits = Array.from({ length: vocabSize }, () => (2 * rand() - 1) * spread);
    const max = Math.max(...logits);
    const lse = max + Math.log(logits.reduce((s, x) => s + Math.exp(x - max), 0));
    return logits.map((x) => x - lse);
  };
}

/** A softmax attention row that depends on the whole prefix, so rows of different paths differ. */
export const prefixAttention: AttentionFn = (prefix, srcLen) => {
  const rand = mulberry32(hashTokens(77, prefix));
  const w = Array.from({ length: srcLen }, () => Math.exp(4 * rand()));
  const z = w.reduce((s, x) => s + x, 0);
  return w.map((x) => x / z);
};
