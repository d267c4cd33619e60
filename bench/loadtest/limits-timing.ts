/**
 * How long requests at the documented limits take (src/limits.ts), measured from Node:
 *  - over HTTP against the running Worker (wrangler dev, i.e. workerd): a request at
 *    every /translate limit at once with natural text from the test split, and one
 *    text at the character limit that tokenizes to one subword per character;
 *  - in Node with the same engine, the upper bound of decoding work the limits allow
 *    (a text of DEFAULT_MAX_TEXT_CHARS one-character subwords, beam MAX_BEAM, forced to
 *    run all MAX_OUTPUT_LENGTH steps), extrapolated to DEFAULT_MAX_TEXTS texts.
 * Figures are compared with the Workers Paid default CPU limit (30 s per request).
 */
import { DEFAULT_MAX_TEXTS, DEFAULT_MAX_TEXT_CHARS, MAX_BEAM, MAX_OUTPUT_LENGTH } from '../../src/limits.ts';
import type { Pair } from './sentences.ts';

/** Workers Paid: default (and suggested) CPU time limit per request. */
export const WORKERS_PAID_CPU_BUDGET_MS = 30_000;

export interface TimedRequest {
  what: string;
  status: number;
  ms: number;
  /** Output subwords of the best hypothesis of each text. */
  outputTokens: number[];
}

/** Exactly `chars` code points of text built by joining `pieces`; never ends in a space. */
export function textOfLength(pieces: string[], chars: number, start = 0): string {
  let out: string[] = [];
  for (let i = start; out.length < chars; i++) out = out.concat([...pieces[i % pieces.length]!, ' ']);
  out = out.slice(0, chars);
  if (out[chars - 1] === ' ') out[chars - 1] = '.';
  return out.join('');
}

/** The /translate body at every limit: DEFAULT_MAX_TEXTS natural texts (and references) of DEFAULT_MAX_TEXT_CHARS. */
export function atLimitsBody(pairs: Pair[]): Record<string, unknown> {
  const stride = Math.floor(pairs.length / DEFAULT_MAX_TEXTS);
  return {
    text: Array.from({ length: DEFAULT_MAX_TEXTS }, (_, i) => textOfLength(pairs.map((p) => p.en), DEFAULT_MAX_TEXT_CHARS, i * stride)),
    reference: Array.from({ length: DEFAULT_MAX_TEXTS }, (_, i) => textOfLength(pairs.map((p) => p.es), DEFAULT_MAX_TEXT_CHARS, i * stride)),
    beam: MAX_BEAM,
    nbest: MAX_BEAM,
    maxLength: MAX_OUTPUT_LENGTH,
    attention: true,
  };
}

/** One text of DEFAULT_MAX_TEXT_CHARS that the tokenizer splits into one subword per character. */
export const SUBWORD_PER_CHAR_TEXT = 'a.'.repeat(DEFAULT_MAX_TEXT_CHARS / 2);

/** POSTs `body` to `${url}/translate` and times it from Node (wall clock). */
export async function timeTranslate(url: string, what: string, body: unknown, headers: Record<string, string>, timeoutMs: number): Promise<TimedRequest> {
  const t0 = performance.now();
  const res = await fetch(`${url}/translate`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const json = (await res.json()) as { translations?: Array<{ nbest: Array<{ tokens: string[] }> }> };
  const ms = Math.round(performance.now() - t0);
  return { what, status: res.status, ms, outputTokens: (json.translations ?? []).map((t) => t.nbest[0]?.tokens.length ?? 0) };
}

export interface WorstCase {
  sourceSubwords: number;
  beam: number;
  steps: number;
  /** One text, Node, wasm backend. */
  msPerText: number;
  /** msPerText × DEFAULT_MAX_TEXTS: the request at every limit when no hypothesis ever ends. */
  msPerRequestAtLimits: number;
}

/** The forced worst case in Node with the same engine (loads tfjs: call after the dev server is stopped). */
export async function worstCaseInNode(modelDir: string): Promise<WorstCase> {
  const { initBackend } = await import('../../training/lib/wasm-node.ts');
  const { loadEngine } = await import('../../training/lib/load-engine.ts');
  const { beamSearch } = await import('../../src/model/beam-search.ts');
  const { Seq2SeqSearchModel } = await import('../../src/model/seq2seq-search.ts');
  await initBackend('wasm');
  const engine = await loadEngine(modelDir);
  try {
    const search = new Seq2SeqSearchModel(engine.params, engine.config);
    const ids = engine.vocab.encode(SUBWORD_PER_CHAR_TEXT);
    const run = () => beamSearch(search, ids, { beamSize: MAX_BEAM, nbest: 1, maxLength: MAX_OUTPUT_LENGTH, minLength: MAX_OUTPUT_LENGTH, earlyStop: false });
    const t0 = performance.now();
    const [best] = run();
    const ms = performance.now() - t0;
    return {
      sourceSubwords: ids.length,
      beam: MAX_BEAM,
      steps: best!.tokens.length,
      msPerText: Math.round(ms),
      msPerRequestAtLimits: Math.round(ms * DEFAULT_MAX_TEXTS),
    };
  } finally {
    engine.dispose();
  }
}
