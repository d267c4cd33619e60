/**
 * The LibreTranslate API under `wrangler dev`, reached by a real, unmodified LibreTranslate
 * client: the `translate` npm package (MIT, pinned in devDependencies) with `engine: 'libre'`,
 * configured only with its URL and key. What that client never sends (arrays, html,
 * alternatives, `auto`) is checked with direct HTTP requests to the same server.
 */
import { Translate } from 'translate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../../tools/wrangler-process.ts';

const TOKEN = 'e2e-libre-token-4b8d2e';
let server: DevServer;

/** POST /translate with the bearer token: the native API's best translation. */
async function native(text: string): Promise<string> {
  const res = await fetch(`${server.url}/translate`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ text }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { translations: Array<{ translation: string }> }).translations[0]!.translation;
}

async function libre(body: Record<string, unknown>): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${server.url}/libre/translate`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ api_key: TOKEN, source: 'en', target: 'es', ...body }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  server = await startDevServer({ API_TOKEN: TOKEN });
});

afterAll(async () => {
  await server?.stop();
});

describe('the `translate` npm client (engine "libre") against wrangler dev', () => {
  it('translates through /libre/translate with only its url and key set', async () => {
    const translate = Translate({ engine: 'libre', url: `${server.url}/libre/translate`, key: TOKEN, from: 'en', to: 'es' } as Parameters<typeof Translate>[0]);
    const out = await translate('Open the file');
    console.log(`[libre] translate client: "Open the file" → "${out}"`);
    expect(out).toBe(await native('Open the file'));
    const second = await translate('Save the document as %s', { from: 'en', to: 'es' });
    expect(second).toBe(await native('Save the document as %s'));
    expect(second).toContain('%s');
  });

  it('surfaces LibreTranslate errors to the client: a wrong key, an unsupported target', async () => {
    // Texts not translated before: the client caches answers by url, languages and text (not key).
    const wrongKey = Translate({ engine: 'libre', url: `${server.url}/libre/translate`, key: 'not-the-key', from: 'en', to: 'es' } as Parameters<typeof Translate>[0]);
    await expect(wrongKey('Close the window')).rejects.toThrow('Invalid API key');
    const toGerman = Translate({ engine: 'libre', url: `${server.url}/libre/translate`, key: TOKEN, from: 'en', to: 'de' } as Parameters<typeof Translate>[0]);
    await expect(toGerman('Close the window')).rejects.toThrow('de is not supported');
  });
});

describe('direct HTTP to /libre under wrangler dev (what the client does not send)', () => {
  it('lists the languages', async () => {
    const res = await fetch(`${server.url}/libre/languages`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual([
      { code: 'en', name: 'English', targets: ['es'] },
      { code: 'es', name: 'Spanish', targets: [] },
    ]);
  });

  it('translates arrays, with alternatives and auto-detection', async () => {
    const q = ['Open the file', 'Print only the current page'];
    const { status, body } = await libre({ q, source: 'auto', alternatives: 2 });
    expect(status).toBe(200);
    console.log(`[libre] array + alternatives + auto: ${JSON.stringify(body)}`);
    expect(body.translatedText).toEqual([await native(q[0]!), await native(q[1]!)]);
    expect(body.detectedLanguage).toEqual([
      { language: 'en', confidence: expect.any(Number) },
      { language: 'en', confidence: expect.any(Number) },
    ]);
    const alternatives = body.alternatives as string[][];
    expect(alternatives).toHaveLength(2);
    for (const [i, list] of alternatives.entries()) {
      expect(list.length).toBeLessThanOrEqual(2);
      expect(list).not.toContain((body.translatedText as string[])[i]);
    }
  });

  it('keeps the markup of HTML input', async () => {
    const html = '<p>Open the <b>file</b> now.</p><p>Save the <a href="/docs?x=1&amp;y=2">document</a>.</p>';
    const { status, body } = await libre({ q: html, format: 'html' });
    expect(status).toBe(200);
    console.log(`[libre] html: ${html} → ${String(body.translatedText)}`);
    const tags = (s: string) => (s.match(/<[^>]+>/g) ?? []).sort();
    expect(tags(body.translatedText as string)).toEqual(tags(html));
    expect(body.translatedText).not.toBe(html);
  });
});

describe('the shipped rate limit under wrangler dev (wrangler.toml: 60 requests per 60 s)', () => {
  // Runs last: it spends this server's budget for the test key.
  it('answers 429 with Retry-After once the key has used its budget, on /bleu and on /libre/translate', async () => {
    const bleu = () =>
      fetch(`${server.url}/bleu`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ hypotheses: ['el gato'], references: ['el gato'] }),
      });
    // At most 60 more requests fit in the window; 130 cover a window that restarts once.
    let limited: Response | undefined;
    let sent = 0;
    while (!limited && sent < 130) {
      const res = await bleu();
      sent++;
      if (res.status === 429) limited = res;
      else expect(res.status).toBe(200);
    }
    expect(limited, `no 429 after ${sent} requests`).toBeDefined();
    console.log(`[libre] wrangler dev: 429 after ${sent} /bleu requests (on top of this file's earlier ones)`);
    expect(Number(limited!.headers.get('Retry-After'))).toBeGreaterThanOrEqual(1);
    expect(((await limited!.json()) as { error: { code: string } }).error.code).toBe('rate_limited');

    const { status, body } = await libre({ q: 'Open the file' });
    expect(status).toBe(429);
    expect(body.error).toMatch(/^Slowdown: /);
  });
});
