/**
 * The model store end to end on local R2, with tiny models trained here (both directions,
 * from the vendored tiny corpus): `wrangler dev` serves en→es and es→en from a seeded
 * store; `npm run publish` flips en-es to a new version, served from the next request;
 * `npm run rollback` flips it back within one request; a candidate whose object does not
 * read back intact is refused and the pointer stays.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/store/publish.ts';
import { objectKey } from '../../src/store/store-layout.ts';
import { getPlatformProxy } from 'wrangler';
import { readModelFolder } from '../../tools/model-buckets.ts';
import { startDevServer, type DevServer } from '../../tools/wrangler-process.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const ENV = { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1' };

function run(script: string, args: string[]): Promise<{ code: number | null; out: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, [path.join(ROOT, script), ...args], { cwd: ROOT, env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => { out += d.toString(); stderr += d.toString(); });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, out, stderr }));
  });
}

async function mustRun(script: string, args: string[]): Promise<string> {
  const r = await run(script, args);
  if (r.code !== 0) throw new Error(`${script} exited with ${r.code}:\n${r.out.slice(-3000)}`);
  return r.out;
}

const idOf = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')).model_id as string;

let tmp: string;
let server: DevServer;
const dirs = { enEs: '', esEn: '', enEsV2: '', enEsV3: '' };

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'model-store-e2e-'));
  const base = JSON.parse(fs.readFileSync(path.join(ROOT, 'tests/fixtures/train/tiny.json'), 'utf8'));
  for (const direction of ['en-es', 'es-en']) {
    const cfg = {
      ...base, name: `tiny-${direction}`, outDir: path.join(tmp, `run-${direction}`),
      data: { ...base.data, corpus: path.join(ROOT, base.data.corpus), vocab: path.join(ROOT, base.data.vocab), direction },
      train: { ...base.train, maxSteps: 8, evalEvery: 8, checkpointEvery: 8 },
    };
    const file = path.join(tmp, `tiny-${direction}.json`);
    fs.writeFileSync(file, JSON.stringify(cfg));
    await mustRun('training/train.ts', ['--config', file]);
  }
  dirs.enEs = path.join(tmp, 'weights', 'en-es');
  dirs.esEn = path.join(tmp, 'weights', 'es-en');
  dirs.enEsV2 = path.join(tmp, 'candidates', 'en-es-v2');
  dirs.enEsV3 = path.join(tmp, 'candidates', 'en-es-v3');
  // A second version of the same run: float16 weights, so another id.
  await mustRun('training/export.ts', ['--run', path.join(tmp, 'run-en-es'), '--out', dirs.enEs, '--no-eval']);
  await mustRun('training/export.ts', ['--run', path.join(tmp, 'run-es-en'), '--no-eval', '--out', dirs.esEn]);
  await mustRun('training/export.ts', ['--run', path.join(tmp, 'run-en-es'), '--out', dirs.enEsV2, '--no-eval', '--dtype', 'float16']);
  // A third version for the corruption case: the same files under another model id (saves an export).
  fs.cpSync(dirs.enEs, dirs.enEsV3, { recursive: true });
  const m3 = JSON.parse(fs.readFileSync(path.join(dirs.enEsV3, 'manifest.json'), 'utf8'));
  fs.writeFileSync(path.join(dirs.enEsV3, 'manifest.json'), JSON.stringify({ ...m3, model_id: `${m3.model_id}-v3` }));
  server = await startDevServer({ TRANSLATE_CACHE_TTL: '0' }, { seedFrom: path.join(tmp, 'weights') });
}, 900_000);

afterAll(async () => {
  await server?.stop();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

async function translate(body: Record<string, unknown>): Promise<{ status: number; model?: string; error?: { code: string; message: string } }> {
  const res = await fetch(`${server.url}/translate`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ text: 'open the file', beam: 1, ...body }) });
  return { status: res.status, ...((await res.json()) as object) };
}

const storeArgs = () => ['--local', '--persist-to', server.persistTo];

describe('model store on local R2 (wrangler dev)', () => {
  it('exports each direction under its own language pair and model id prefix', () => {
    const manifest = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
    expect(manifest(dirs.enEs)).toMatchObject({ language_pair: 'en-es', model_id: expect.stringMatching(/^en-es-int8-[0-9a-f]{12}$/) });
    expect(manifest(dirs.esEn)).toMatchObject({ language_pair: 'es-en', model_id: expect.stringMatching(/^es-en-int8-[0-9a-f]{12}$/) });
  });

  it('serves both directions from the seeded store, and lists them in GET /models', async () => {
    expect(await translate({})).toMatchObject({ status: 200, model: idOf(dirs.enEs) });
    expect(await translate({ source: 'es', target: 'en', text: 'abrir el archivo' })).toMatchObject({ status: 200, model: idOf(dirs.esEn) });
    const models = (await (await fetch(`${server.url}/models`)).json()) as { pairs: { pair: string; active: string }[] };
    expect(models.pairs.map((p) => [p.pair, p.active])).toEqual([['en-es', idOf(dirs.enEs)], ['es-en', idOf(dirs.esEn)]]);
  });

  it('npm run publish: the next request is served by the new version', async () => {
    const r = await run('training/publish.ts', ['--model', dirs.enEsV2, ...storeArgs()]);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain(`published en-es/${idOf(dirs.enEsV2)} to local R2`);
    expect(r.out).toContain(`active ${idOf(dirs.enEsV2)} (was ${idOf(dirs.enEs)})`);
    expect(await translate({})).toMatchObject({ status: 200, model: idOf(dirs.enEsV2) });
    // The previous version stays published: a request can still pin it.
    expect(await translate({ model: idOf(dirs.enEs) })).toMatchObject({ status: 200, model: idOf(dirs.enEs) });
  });

  it('npm run rollback: the old version is back within one request', async () => {
    const r = await run('training/rollback.ts', ['--pair', 'en-es', ...storeArgs()]);
    expect(r.code, r.out).toBe(0);
    expect(r.out.trim()).toBe(`rolled back en-es in local R2 (${server.persistTo}): active ${idOf(dirs.enEsV2)} → ${idOf(dirs.enEs)}`);
    expect(await translate({})).toMatchObject({ status: 200, model: idOf(dirs.enEs) });
    const bad = await run('training/rollback.ts', ['--pair', 'en-es', '--to', 'en-es-nope', ...storeArgs()]);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^error: unknown version en-es-nope: it is not a published version of en-es/)]);
  });

  it('refuses a candidate whose object does not read back intact: exit 1, pointer unchanged', async () => {
    const files = readModelFolder(dirs.enEsV3);
    const key = objectKey('en-es', idOf(dirs.enEsV3), 'model.bin');
    const damaged = files['model.bin']!.slice();
    damaged[damaged.length - 1] ^= 1;
    // Bit rot under the key, recorded with the right sha256: the upload is skipped, the read-back catches it.
    const proxy = await getPlatformProxy<{ MODELS: R2Bucket }>({ configPath: path.join(ROOT, 'wrangler.toml'), persist: { path: path.join(server.persistTo, 'v3') }, remoteBindings: false });
    try {
      await proxy.env.MODELS.put(key, damaged, { customMetadata: { sha256: await sha256Hex(files['model.bin']!) } });
    } finally {
      await proxy.dispose();
    }
    const r = await run('training/publish.ts', ['--model', dirs.enEsV3, ...storeArgs()]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n').pop()).toMatch(new RegExp(`^error: read-back failed: ${key} has sha256 [0-9a-f]{64} .* the pointer was not changed$`));
    expect(await translate({})).toMatchObject({ status: 200, model: idOf(dirs.enEs) });
    // Pinning the refused version is a clear 400: it was never published.
    expect(await translate({ model: idOf(dirs.enEsV3) })).toMatchObject({ status: 400, error: { code: 'unknown_model' } });
  });
});
