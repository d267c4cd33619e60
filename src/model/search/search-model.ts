/**
 * The only view of a translation model that decoding code gets (sockeye style):
 * search never sees layers or tensors, only `encode` and a batched `decodeStep`.
 *
 * Rows: the decoder state holds `rows` hypotheses of ONE source sentence (beam rows).
 * The encoder output is shared by all rows and is not tiled.
 *
 * Ownership: `decodeStep` never disposes its input state. The caller disposes every
 * state it no longer needs with `disposeState`, and the encoder output with `disposeEncoded`.
 */
export interface StepOutput<S> {
  /** Log-probabilities, row-major [rows, width]. */
  logProbs: Float32Array;
  /** Vocabulary id of each column (a shortlist); undefined means column j is token id j. */
  columnIds?: Int32Array;
  /** Attention weights, row-major [rows, srcLen]; present only when requested. */
  attention?: Float32Array;
  /** Decoder state after consuming the previous tokens, `rows` rows. */
  state: S;
}

export interface SearchModel<E = unknown, S = unknown> {
  /** Id emitted to end a hypothesis. */
  readonly eosId: number;
  /** Id fed at the first step. */
  readonly bosId: number;
  /** Encodes one source sentence (ids without bos/eos framing decided by the model). */
  encode(srcIds: number[]): E;
  /** Source length seen by attention (number of attention columns). */
  sourceLength(enc: E): number;
  /** Initial decoder state with one row. */
  initialState(enc: E): S;
  /** One decoding step for every row: prevTokens.length === rows of state. */
  decodeStep(enc: E, state: S, prevTokens: Int32Array, opts?: { attention?: boolean }): StepOutput<S>;
  /** New state made of the given rows (rows may repeat), in that order. */
  selectRows(state: S, rows: Int32Array): S;
  disposeState(state: S): void;
  disposeEncoded(enc: E): void;
}
