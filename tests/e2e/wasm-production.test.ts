/**
 * The SIMD wasm backend works under the production configuration (wrangler.toml,
 * no nodejs_compat, so emscripten takes its non-Node path) — the vitest pool
 * always adds nodejs_compat, so tests/worker cannot cover this path.
 * Also measures the first (lazy) tfjs + wasm initialisation from the client side,
 * and checks the module rules as wrangler's bundler applies them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../../tools/wrangler-process.ts';

let server: DevServer;

beforeAll(async () => {
  server = await startDevServer({}, { script: 'tests/e2e/wasm-probe-worker.ts', seedFrom: false });
});

afterAll(async () => {
  await server?.stop();
});

interface Probe {
  backend: string;
  binary: string;
  values: number[];
  simd: boolean;
  hasProcess: boolean;
  platform: string;
}

describe('module rules in the wrangler bundle', () => {
  it('bundles .bin and weights/ JSON as ArrayBuffer and other JSON as objects', async () => {
    const res = await fetch(`${server.url}/modules`);
    expect(await res.json()).toEqual({ bin: 'ArrayBuffer', weightsJson: 'ArrayBuffer', plainJson: 'Object' });
  });
});

describe('SIMD wasm backend under wrangler.toml', () => {
  it('initialises lazily on the first request and computes correctly', async () => {
    const t0 = performance.now();
    const first = await fetch(`${server.url}/probe`);
    const firstMs = performance.now() - t0;
    const body = (await first.json()) as Probe;
    const t1 = performance.now();
    await (await fetch(`${server.url}/probe`)).json();
    const warmMs = performance.now() - t1;
    console.log(`[measure] first request with tfjs import + SIMD wasm init: ${firstMs.toFixed(0)} ms; warm request: ${warmMs.toFixed(0)} ms`);

    expect(first.status).toBe(200);
    expect(body).toEqual({
      backend: 'wasm',
      binary: 'tfjs-backend-wasm-simd.wasm',
      values: [19, 22, 43, 50],
      simd: true,
      hasProcess: false,
      platform: 'browser',
    });
  });
});
