/**
 * Feedback and translation memory inside workerd, with the real local D1 (schema from
 * migrations/, tests/worker/apply-migrations.ts) and the real bundled model, through the
 * Worker's entry point: POST /feedback → accept → /translate of the same source returns the
 * correction with origin "memory"; the export gives back the same rows; bad bodies get 400,
 * a missing token 401; unaccepted (anonymous) input never changes what others get.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { parseTsvCell, TSV_COLUMNS } from '../../src/feedback/feedback-export.ts';
import { createApp } from '../../src/app.ts';
import { getTranslator } from '../../src/serving/model-provider.ts';
import { env } from 'cloudflare:workers';
import { BASE, bindings, errorOf, postJson, worker } from './helpers.ts';

const auth = { Authorization: `Bearer ${bindings.API_TOKEN}` };
const run = Math.random().toString(36).slice(2, 8); // sources unique to this run
const source = `Open the project ${run}`;
const correction = `Abrir el proyecto ${run}`;

async function translate(body: Record<string, unknown>) {
  const res = await worker.fetch(`${BASE}/translate`, postJson({ beam: 1, maxLength: 16, ...body }, auth));
  expect(res.status).toBe(200);
  return (await res.json()) as { translations: { source: string; translation: string; origin: string; nbest: { text: string }[] }[] };
}

const submit = (body: unknown, headers: Record<string, string> = auth) => worker.fetch(`${BASE}/feedback`, postJson(body, headers));

describe('feedback and translation memory', () => {
  // Load the model once (slow on a busy machine) before the timed round trip.
  beforeAll(async () => { await translate({ text: 'Open the file' }); }, 300_000);

  it('round-trips: POST /feedback, accept, then /translate answers the correction from memory; the export has the same rows', async () => {
    const before = await translate({ text: source });
    expect(before.translations[0]!.origin).toBe('model');
    const translation = before.translations[0]!.translation;
    expect(translation).not.toBe(correction);

    const posted = await submit({ source, translation, correction, model: 'en-es-test', context: 'menu' });
    expect(posted.status).toBe(201);
    const { feedback, duplicate } = (await posted.json()) as { feedback: { id: number; accepted: boolean }; duplicate: boolean };
    expect(duplicate).toBe(false);
    expect(feedback.accepted).toBe(false);

    // The same correction again (whitespace differs in the source): stored once.
    const again = await submit({ source: `  ${source.replace(' ', '  ')} `, translation, correction, context: 'menu' });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ duplicate: true, feedback: { id: feedback.id } });

    // Not accepted yet: nobody gets it.
    expect((await translate({ text: source, context: 'menu' })).translations[0]!.origin).toBe('model');

    const accepted = await worker.fetch(`${BASE}/feedback/${feedback.id}/accept`, { method: 'POST', headers: auth });
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toMatchObject({ feedback: { id: feedback.id, accepted: true } });

    // Exact match on normalised source + context; other texts in the batch still go to the model.
    const after = await translate({ text: [`${source} `, 'Save the file'], context: ' menu ' });
    expect(after.translations.map((t) => t.origin)).toEqual(['memory', 'model']);
    expect(after.translations[0]!.translation).toBe(correction);
    expect(after.translations[0]!.nbest[0]!.text).toBe(correction);
    // Another context, or none: the memory has nothing for it.
    expect((await translate({ text: source, context: 'toolbar' })).translations[0]!.origin).toBe('model');
    expect((await translate({ text: source })).translations[0]!.origin).toBe('model');

    const tsv = await worker.fetch(`${BASE}/feedback?format=tsv`, { headers: auth });
    expect(tsv.status).toBe(200);
    expect(tsv.headers.get('Content-Type')).toMatch(/^text\/tab-separated-values/);
    const [header, ...lines] = (await tsv.text()).trimEnd().split('\n');
    expect(header!.split('\t')).toEqual([...TSV_COLUMNS]);
    const rows = lines.map((l) => Object.fromEntries(l.split('\t').map((cell, i) => [TSV_COLUMNS[i], parseTsvCell(cell)])));
    const mine = rows.filter((r) => r.source.includes(run));
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ id: String(feedback.id), accepted: '1', source, translation, correction, context: 'menu', model: 'en-es-test' });

    const accepted1 = await worker.fetch(`${BASE}/feedback?status=accepted&since=2000-01-01`, { headers: auth });
    expect(await accepted1.text()).toContain(correction);
    const po = await worker.fetch(`${BASE}/feedback?format=po`, { headers: auth });
    const poText = await po.text();
    expect(po.headers.get('Content-Type')).toMatch(/^text\/x-gettext-translation/);
    expect(poText).toContain(`msgctxt "menu"\nmsgid "${source}"\nmsgstr "${correction}"`);
    const future = await worker.fetch(`${BASE}/feedback?since=2999-01-01`, { headers: auth });
    expect((await future.text()).trimEnd().split('\n')).toHaveLength(1); // the header only
  }, 180_000);

  it('needs the token for every feedback route (401 JSON without it)', async () => {
    const body = { source: 'Open', translation: 'Abrir', correction: 'Abre' };
    for (const [path, init] of [['/feedback', postJson(body)], ['/feedback', { method: 'GET' }], ['/feedback/1/accept', { method: 'POST' }]] as const) {
      const res = await worker.fetch(`${BASE}${path}`, init);
      expect(res.status, path).toBe(401);
      expect((await errorOf(res)).code).toBe('unauthorized');
    }
  });

  it('answers 400 naming the field for bad bodies, ids and queries', async () => {
    const good = { source: 'Open', translation: 'Abrir', correction: 'Abre' };
    const cases: [unknown, string | undefined][] = [
      [{ ...good, correction: undefined }, 'correction'],
      [{ ...good, correction: '   ' }, 'correction'],
      [{ ...good, source: 42 }, 'source'],
      [{ ...good, extra: 1 }, 'extra'],
      [{ ...good, context: 'x'.repeat(201) }, 'context'],
      [{ ...good, source: 'a'.repeat(1001) }, 'source'],
      [[good], undefined],
    ];
    for (const [body, field] of cases) {
      const res = await submit(body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect((await errorOf(res)).field).toBe(field);
    }
    const malformed = await submit('{"source": ');
    expect(malformed.status).toBe(400);
    expect((await errorOf(malformed)).code).toBe('invalid_json');
    for (const [path, status] of [['/feedback/abc/accept', 400], ['/feedback/0/accept', 400], ['/feedback/987654321/accept', 404]] as const) {
      expect((await worker.fetch(`${BASE}${path}`, { method: 'POST', headers: auth })).status, path).toBe(status);
    }
    for (const query of ['since=yesterday', 'format=xml', 'status=mine', 'limit=0', 'unknown=1']) {
      const res = await worker.fetch(`${BASE}/feedback?${query}`, { headers: auth });
      expect(res.status, query).toBe(400);
    }
  });

  it('rate-limits one submitter (429 with Retry-After) without affecting another', async () => {
    const app = createApp({ getTranslator });
    // No API_TOKEN here, so submitters are told apart by their IP (with a token: by the token's hash).
    const limited = { ...(env as object), API_TOKEN: undefined, FEEDBACK_RATE_LIMIT: '2' };
    const send = (ip: string, i: number) => app.request(`${BASE}/feedback`, postJson({ source: `Rate ${run} ${ip} ${i}`, translation: 'x', correction: `y ${i}` }, { 'CF-Connecting-IP': `${run}-${ip}` }), limited);
    expect((await send('a', 1)).status).toBe(201);
    expect((await send('a', 2)).status).toBe(201);
    const third = await send('a', 3);
    expect(third.status).toBe(429);
    expect(third.headers.get('Retry-After')).toBe('600');
    expect((await errorOf(third)).code).toBe('rate_limited');
    expect((await send('b', 1)).status).toBe(201);
  });

  it('refuses to accept corrections when no API_TOKEN is configured (anonymous callers)', async () => {
    const app = createApp({ getTranslator });
    const open = { ...(env as object), API_TOKEN: undefined };
    const posted = await app.request(`${BASE}/feedback`, postJson({ source: `Anon ${run}`, translation: 'a', correction: 'b' }), open);
    expect(posted.status).toBe(201);
    const { feedback } = (await posted.json()) as { feedback: { id: number } };
    const res = await app.request(`${BASE}/feedback/${feedback.id}/accept`, { method: 'POST' }, open);
    expect(res.status).toBe(403);
    expect((await errorOf(res)).code).toBe('forbidden');
  });
});
