/**
 * A BatchTranslator that sends each batch to a running Worker's POST /translate (local
 * `wrangler dev` or the deployed URL; '' = same origin, as on the demo page), with the
 * bearer token when one is given, and the glossary as the body's `glossary`. A batch the
 * server finds too large (413) is split in two; 429 and 503 are retried after their
 * Retry-After (at most `retries` times, each wait capped at 30 s). Any other error stops
 * with the server's message. Uses only fetch: runs in Node 20, workerd and browsers.
 */
import type { GlossaryEntry } from '../model/translation.ts';
import type { BatchTranslator, SegmentResult } from './fill.ts';

export interface EndpointOptions {
  /** Base URL of the Worker ('' for same-origin). */
  url: string;
  token?: string;
  beam?: number;
  glossary?: readonly GlossaryEntry[];
  retries?: number;
  fetch?: typeof fetch;
  /** Waits between retries (tests shorten it). */
  sleep?: (ms: number) => Promise<void>;
}

interface TranslateBody {
  translations?: { translation: string; confidence?: number }[];
  error?: { code?: string; message?: string } | string;
}

export function endpointTranslator(options: EndpointOptions): BatchTranslator {
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const url = `${options.url.replace(/\/+$/, '')}/translate`;
  const retries = options.retries ?? 5;
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;

  const send = async (texts: string[], attempt = 0): Promise<SegmentResult[]> => {
    const body = { text: texts, ...(options.beam ? { beam: options.beam } : {}), ...(options.glossary?.length ? { glossary: options.glossary } : {}) };
    const res = await doFetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
    const data = (await res.json().catch(() => ({}))) as TranslateBody;
    if (res.ok && Array.isArray(data.translations)) {
      return data.translations.map((t) => ({ translation: t.translation, ...(typeof t.confidence === 'number' ? { confidence: t.confidence } : {}) }));
    }
    if (res.status === 413 && texts.length > 1) {
      const half = Math.ceil(texts.length / 2);
      return [...(await send(texts.slice(0, half))), ...(await send(texts.slice(half)))];
    }
    if ((res.status === 429 || res.status === 503) && attempt < retries) {
      const after = Number(res.headers.get('Retry-After'));
      await sleep(Math.min(30, Number.isFinite(after) && after > 0 ? after : 2 ** attempt) * 1000);
      return send(texts, attempt + 1);
    }
    const err = typeof data.error === 'string' ? data.error : data.error?.message ?? res.statusText;
    throw new Error(`${url} answered ${res.status}: ${err}`);
  };
  return (texts) => send(texts);
}
