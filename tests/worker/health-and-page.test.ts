/** GET /health and GET /: public, cache headers, and a page with no external assets. */
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { BASE, plainEnv, worker } from './helpers.ts';

describe('GET /health', () => {
  it('answers 200 ok, never cached, without loading the model', async () => {
    // createApp() uses the production provider, which would answer 503 if called.
    const res = await createApp().request(`${BASE}/health`, {}, plainEnv());
    expect(res.status).toBe(200);
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    const body = (await res.json()) as { status: string; time: string };
    expect(body.status).toBe('ok');
    expect(Number.isNaN(Date.parse(body.time))).toBe(false);
  });

  it('answers HEAD too', async () => {
    const res = await worker.fetch(`${BASE}/health`, { method: 'HEAD' });
    expect(res.status).toBe(200);
  });
});

describe('GET /', () => {
  it('serves one self-contained HTML document with a nonce-based CSP', async () => {
    const res = await worker.fetch(`${BASE}/`);
    expect(res.status).toBe(200);
    const html = await res.text();
    const csp = res.headers.get('Content-Security-Policy') ?? '';
    const nonce = /script-src 'nonce-([0-9a-f]{32})'/.exec(csp)?.[1];
    expect(nonce).toBeDefined();
    expect(html).toContain(`<script nonce="${nonce}">`);
    expect(html).toContain(`<style nonce="${nonce}">`);
    expect(csp).toContain("default-src 'none'");
    // No external assets: no src/href attributes in the markup, no remote URLs, no imports.
    const markup = html.replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1>/g, '');
    expect(markup).toContain('<form id="form"');
    expect(markup).not.toMatch(/\s(src|href)\s*=/i);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/@import|url\(|import\(|importScripts/);
  });

  it('uses a fresh nonce per response', async () => {
    const a = (await worker.fetch(`${BASE}/`)).headers.get('Content-Security-Policy');
    const b = (await worker.fetch(`${BASE}/`)).headers.get('Content-Security-Policy');
    expect(a).not.toBe(b);
  });

  it('has the translate form, the n-best list, the attention heatmap and the BLEU box', async () => {
    const html = await (await worker.fetch(`${BASE}/`)).text();
    for (const id of ['id="text"', 'id="beam"', 'id="nbest"', 'id="reference"', 'id="results"']) expect(html).toContain(id);
    expect(html).toContain("post('/translate'");
    expect(html).toContain('attention: true');
    expect(html).toContain("post('/bleu'");
    expect(html).toContain("createElement('canvas')");
    const script = /<script nonce="[0-9a-f]+">([\s\S]*)<\/script>/.exec(html)?.[1] ?? '';
    expect(script.length).toBeGreaterThan(1000);
  });

  it('has a "suggest a better translation" box under each result that posts to /feedback, and a context field', async () => {
    const html = await (await worker.fetch(`${BASE}/`)).text();
    expect(html).toContain('id="context"');
    expect(html).toContain("el('summary', 'Suggest a better translation')");
    expect(html).toContain("post('/feedback', { source: t.source, translation: t.translation, correction: correction");
    expect(html).toContain('card.appendChild(suggestBox(t, data.model));');
  });
});
