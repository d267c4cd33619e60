/**
 * Cost of the translation memory (issue 15), under `wrangler dev` with a real local D1:
 *  - the lookup's added latency on every /translate: the Worker times its D1 query
 *    (X-Memory-Lookup-Ms with DIAGNOSTICS=1) on texts the memory does not have (they then go
 *    to the model), p50/p95;
 *  - client latency of a memory hit (no model work) against a model answer (beam 1);
 *  - the same with the memory seeded with the whole training corpus (every train/dev/test
 *    pair as an accepted row), and the D1 file size of both databases.
 * Each database lives in its own temporary --persist-to folder (the `npm run dev` state is
 * not touched); the translate cache is off.
 *
 *   npx tsx bench/memory-lookup.ts [--requests 60]
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadJsonlGz, loadSplit } from '../training/corpus/load.ts';
import { normaliseKey } from '../src/feedback/normalise.ts';
import { QUIET_ENV, REPO_ROOT, WRANGLER_BIN } from '../tools/wrangler-process.ts';
import { startBenchServer, type BenchServer } from './lib/dev-server.ts';
import { describeContext, runContext } from './lib/run-context.ts';
import { summarize, type Summary } from './lib/stats.ts';
import { writeResult } from './lib/write-result.ts';

const TOKEN = 'bench-token-7d21aa';
const DB = 'edge-mt-feedback';
const CORPUS = path.join(REPO_ROOT, 'training/data/en-es');

const wrangler = (args: string[]) => execFileSync(WRANGLER_BIN, args, { cwd: REPO_ROOT, env: QUIET_ENV, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 }).toString();
const sql = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** D1's SQLite files under a persist folder, in bytes. */
function d1Bytes(dir: string): number {
  let total = 0;
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.sqlite(-wal|-shm)?$/.test(e.name)) total += fs.statSync(p).size;
    }
  };
  walk(path.join(dir, 'v3', 'd1'));
  return total;
}

/** Every corpus pair as an accepted memory row (one per normalised source: the first in corpus order). */
function seedSql(file: string): number {
  const seen = new Set<string>();
  const now = new Date().toISOString();
  const values: string[] = [];
  for (const split of ['train', 'dev', 'test'] as const) {
    for (const p of loadSplit(CORPUS, split)) {
      const key = normaliseKey(p.en);
      if (seen.has(key)) continue;
      seen.add(key);
      values.push(`(${sql(p.en)}, ${sql(key)}, '', '', ${sql(p.es)}, 'corpus', 1, ${sql(now)}, ${sql(now)}, 'corpus')`);
    }
  }
  // 200 rows per INSERT: wrangler executes a file statement by statement, and 64k single-row statements take very long.
  const out: string[] = [];
  for (let i = 0; i < values.length; i += 200) {
    out.push(`INSERT INTO feedback (source, source_key, context, translation, correction, model, accepted, accepted_at, created_at, submitter) VALUES ${values.slice(i, i + 200).join(',\n')};`);
  }
  fs.writeFileSync(file, out.join('\n') + '\n');
  return seen.size;
}

async function translate(server: BenchServer, text: string): Promise<{ ms: number; lookupMs: number; origin: string }> {
  const t0 = performance.now();
  const res = await fetch(`${server.url}/translate`, { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ text, beam: 1 }) });
  const body = (await res.json()) as { translations?: { origin: string }[]; error?: { message: string } };
  const ms = performance.now() - t0;
  if (res.status !== 200 || !body.translations) throw new Error(`POST /translate answered ${res.status}: ${body.error?.message}`);
  return { ms, lookupMs: Number(res.headers.get('X-Memory-Lookup-Ms')), origin: body.translations[0]!.origin };
}

interface Measured { rows: number; d1Bytes: number; lookupMiss: Summary; lookupHit: Summary; clientMiss: Summary; clientHit: Summary }

async function measure(persist: string, hits: string[], misses: string[], rows: number): Promise<Measured> {
  const server = await startBenchServer({ API_TOKEN: TOKEN, DIAGNOSTICS: '1', TRANSLATE_CACHE_TTL: '0' }, { persistTo: persist, timeoutMs: 300_000 });
  try {
    await translate(server, 'Open the file'); // load the model
    const miss: { ms: number; lookupMs: number }[] = [];
    const hit: { ms: number; lookupMs: number }[] = [];
    for (let i = 0; i < Math.max(hits.length, misses.length); i++) { // interleaved, so load changes hit both alike
      if (i < misses.length) { const r = await translate(server, misses[i]!); if (r.origin !== 'model') throw new Error(`expected a miss: ${misses[i]}`); miss.push(r); }
      if (i < hits.length) { const r = await translate(server, hits[i]!); if (r.origin !== 'memory') throw new Error(`expected a memory hit: ${hits[i]}`); hit.push(r); }
    }
    return { rows, d1Bytes: d1Bytes(persist), lookupMiss: summarize(miss.map((r) => r.lookupMs)), lookupHit: summarize(hit.map((r) => r.lookupMs)), clientMiss: summarize(miss.map((r) => r.ms)), clientHit: summarize(hit.map((r) => r.ms)) };
  } finally {
    await server.stop();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { requests: { type: 'string', default: '60' } } });
  const n = Number(values.requests);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--requests must be a positive integer, got ${values.requests}`);
  const ctx = runContext();
  console.error(describeContext(ctx));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-memory-'));
  try {
    const test = loadSplit(CORPUS, 'test').filter((p) => p.en.split(' ').length >= 3).slice(0, n);
    const ood = loadJsonlGz(path.join(CORPUS, 'ood-gnome-user-docs.jsonl.gz')).filter((p) => p.en.length < 120).slice(0, n).map((p) => p.en);

    // 1. Only user corrections: n accepted rows (the test sentences as corrections).
    const small = path.join(tmp, 'corrections');
    wrangler(['d1', 'migrations', 'apply', DB, '--local', '--persist-to', small]);
    const smallSql = path.join(tmp, 'corrections.sql');
    fs.writeFileSync(smallSql, test.map((p) => `INSERT INTO feedback (source, source_key, context, translation, correction, accepted, accepted_at, created_at, submitter) VALUES (${sql(p.en)}, ${sql(normaliseKey(p.en))}, '', '', ${sql(p.es)}, 1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', 'bench');`).join('\n'));
    wrangler(['d1', 'execute', DB, '--local', '--persist-to', small, '--file', smallSql]);
    console.error(`corrections only: ${test.length} rows`);
    const corrections = await measure(small, test.map((p) => p.en), ood, test.length);
    console.error(`corrections only: ${JSON.stringify(corrections)}`);

    // 2. Seeded with the whole training corpus.
    const seeded = path.join(tmp, 'seeded');
    wrangler(['d1', 'migrations', 'apply', DB, '--local', '--persist-to', seeded]);
    const seedFile = path.join(tmp, 'seed.sql');
    const rows = seedSql(seedFile);
    const t0 = performance.now();
    wrangler(['d1', 'execute', DB, '--local', '--persist-to', seeded, '--file', seedFile]);
    console.error(`seeded: ${rows} rows in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const corpus = await measure(seeded, test.map((p) => p.en), ood, rows);
    console.error(`seeded: ${JSON.stringify(corpus)}`);

    const result = { context: ctx, requests: n, corrections, corpus };
    const file = writeResult('memory-lookup', result);
    const line = (name: string, m: Measured) =>
      `| ${name} | ${m.rows.toLocaleString('en')} | ${(m.d1Bytes / 1e6).toFixed(2)} MB | ${m.lookupMiss.p50} ms (p95 ${m.lookupMiss.p95}) | ${m.lookupHit.p50} ms | ${m.clientHit.p50} ms | ${m.clientMiss.p50} ms |`;
    console.log('| memory | rows | D1 size | lookup, miss (p50) | lookup, hit (p50) | /translate p50, memory hit | /translate p50, model (beam 1) |');
    console.log('|---|---|---|---|---|---|---|');
    console.log(line('corrections only', corrections));
    console.log(line('seeded with the corpus', corpus));
    console.error(`wrote ${file}`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`memory-lookup: ${(e as Error).message.split('\n')[0]}\n`);
  process.exitCode = 1;
});
