/**
 * How long requests at the documented limits take (src/limits.ts), measured from Node:
 *  - over HTTP against the running Worker (wrangler dev, i.e. workerd): a request at
 *    every /translate limit at once with natural text from the test split, and one
 *    text at the character limit that tokenizes to one subword per character;
 *  - in Node with the same engine, the upper bound of decoding work the limits allow
 *    (texts of one-character subwords up to DEFAULT_MAX_TEXT_CHARS, beam MAX_BEAM, EOS
 *    forbidden so every step up to the length cap runs), extrapolated to DEFAULT_MAX_TEXTS texts.
 * Figures are compared with the Workers Paid default CPU limit (30 s per request); the
 * worst case also reports the tfjs wasm memory it leaves (Workers isolates have 128 MB).
 */
import { DEFAULT_MAX_TEXTS, DEFAULT_MAX_TEXT_CHARS, MAX_BEAM, MAX_OUTPUT_LENGTH, MAX_DECODE_WORK } from '../../src/limits.ts';
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
    maxLength: Math.floor(MAX_DECODE_WORK / (DEFAULT_MAX_TEXTS * MAX_BEAM)), // at the decoding-work budget
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

export interface ForcedDecode {
  /** Source length in subwords (one subword per character of "a.a.a."). */
  sourceSubwords: number;
  beam: number;
  /** Steps run: min(MAX_OUTPUT_LENGTH, 2 × subwords + 10), EOS forbidden throughout. */
  steps: number;
  ms: number;
  /** tfjs wasm memory after this run, MiB (it only grows). */
  wasmHeapMiB: number;
}

export interface WorstCase {
  /** One text per source length, shortest first; the last is the character limit. */
  perText: ForcedDecode[];
  /** perText.at(-1).ms × DEFAULT_MAX_TEXTS: the request at every limit when no hypothesis ever ends. */
  msPerRequestAtLimits: number;
  /** tfjs wasm memory right after loading the model, MiB (Workers isolates have 128 MB in all). */
  wasmHeapMiBAfterLoad: number;
}

/** Current size of the tfjs wasm backend's memory in MiB (NaN if not on wasm). */
function wasmHeapMiB(backend: unknown): number {
  const heap = (backend as { wasm?: { HEAPU8?: Uint8Array } }).wasm?.HEAPU8;
  return heap ? Math.round(heap.length / 2 ** 20) : Number.NaN;
}

/**
 * The forced worst case in Node with the same engine, for sources of 100, 300 and
 * DEFAULT_MAX_TEXT_CHARS subwords at beam MAX_BEAM (loads tfjs: call after the dev server is stopped).
 */
export async function worstCaseInNode(modelDir: string): Promise<WorstCase> {
  const { initBackend } = await import('../../src/backend/node-wasm.ts');
  const { loadEngine } = await import('../../tools/load-engine.ts');
  const { beamSearch } = await import('../../src/model/search/beam-search.ts');
  const { Seq2SeqSearchModel } = await import('../../src/model/graph/seq2seq-search.ts');
  const tf = await import('@tensorflow/tfjs');
  await initBackend('wasm');
  const engine = await loadEngine(modelDir);
  const wasmHeapMiBAfterLoad = wasmHeapMiB(tf.backend());
  try {
    const search = new Seq2SeqSearchModel(engine.weights);
    const perText: ForcedDecode[] = [];
    for (const chars of [100, 300, DEFAULT_MAX_TEXT_CHARS]) {
      const ids = engine.vocab.encode('a.'.repeat(chars / 2));
      const t0 = performance.now();
      const [best] = beamSearch(search, ids, { beamSize: MAX_BEAM, nbest: 1, maxLength: MAX_OUTPUT_LENGTH, minLength: MAX_OUTPUT_LENGTH, earlyStop: false });
      const ms = Math.round(performance.now() - t0);
      perText.push({ sourceSubwords: ids.length, beam: MAX_BEAM, steps: best!.tokens.length, ms, wasmHeapMiB: wasmHeapMiB(tf.backend()) });
    }
    return { perText, msPerRequestAtLimits: perText.at(-1)!.ms * DEFAULT_MAX_TEXTS, wasmHeapMiBAfterLoad };
  } finally {
    engine.dispose();
  }
}
