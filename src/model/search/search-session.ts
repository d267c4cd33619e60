/**
 * Owns the encoder output and the current decoder state of one search, so greedy and
 * beam search cannot leak them: every state replaced by `step` or `select` is disposed
 * at once, and `close` (call it in `finally`) disposes whatever is left.
 * It also checks the shape of each StepOutput and maps columns to vocabulary ids.
 */
import type { SearchModel, StepOutput } from './search-model.ts';

export interface StepView {
  /** Log-probabilities, [rows, width] row-major. */
  logProbs: Float32Array;
  width: number;
  /** Column of EOS, -1 when the shortlist lacks it. */
  eosCol: number;
  /** Vocabulary id of a column. */
  token(col: number): number;
  /** Attention row `row` copied out, or undefined when attention was not requested. */
  attentionRow(row: number): number[] | undefined;
}

export class SearchSession<E, S> {
  private readonly enc: E;
  private state: S | undefined;
  private rows = 1;
  readonly srcLen: number;

  constructor(private readonly model: SearchModel<E, S>, srcIds: number[]) {
    this.enc = model.encode(srcIds);
    try {
      this.srcLen = model.sourceLength(this.enc);
      this.state = model.initialState(this.enc);
    } catch (err) {
      model.disposeEncoded(this.enc);
      throw err;
    }
  }

  /** One decodeStep over all current rows; the old state is disposed. */
  step(prevTokens: Int32Array, attention: boolean): StepView {
    if (this.state === undefined) throw new Error('search session is closed');
    if (prevTokens.length !== this.rows) throw new Error(`expected ${this.rows} previous tokens, got ${prevTokens.length}`);
    const out: StepOutput<S> = this.model.decodeStep(this.enc, this.state, prevTokens, attention ? { attention: true } : undefined);
    this.replace(out.state);
    return this.view(out, attention);
  }

  /** Keeps the given rows (in that order, may repeat); no-op when they are 0..rows-1. */
  select(rows: Int32Array): void {
    if (this.state === undefined) throw new Error('search session is closed');
    if (rows.length === this.rows && rows.every((r, i) => r === i)) return;
    this.replace(this.model.selectRows(this.state, rows));
    this.rows = rows.length;
  }

  /** Disposes the current state and the encoder output. Safe to call twice. */
  close(): void {
    const state = this.state;
    if (state === undefined) return;
    this.state = undefined;
    try {
      this.model.disposeState(state);
    } finally {
      this.model.disposeEncoded(this.enc);
    }
  }

  private replace(next: S): void {
    const old = this.state as S;
    this.state = next;
    this.model.disposeState(old);
  }

  private view(out: StepOutput<S>, attention: boolean): StepView {
    const { logProbs, columnIds } = out;
    const width = logProbs.length / this.rows;
    if (!Number.isInteger(width) || width < 1) {
      throw new Error(`decodeStep returned ${logProbs.length} log-probs for ${this.rows} rows`);
    }
    if (columnIds && columnIds.length !== width) {
      throw new Error(`decodeStep returned ${columnIds.length} column ids for width ${width}`);
    }
    const eosId = this.model.eosId;
    const eosCol = columnIds ? columnIds.indexOf(eosId) : eosId < width ? eosId : -1;
    const att = out.attention;
    const srcLen = this.srcLen;
    if (attention && (!att || att.length !== this.rows * srcLen)) {
      throw new Error(`decodeStep returned no attention of shape [${this.rows}, ${srcLen}]`);
    }
    return {
      logProbs,
      width,
      eosCol,
      token: columnIds ? (col) => columnIds[col] : (col) => col,
      attentionRow: attention && att ? (row) => Array.from(att.subarray(row * srcLen, (row + 1) * srcLen)) : () => undefined,
    };
  }
}
