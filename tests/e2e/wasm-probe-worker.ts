/**
 * A minimal Worker for tests/e2e/wasm-production.test.ts: under the production
 * wrangler.toml (no nodejs_compat) it loads tfjs and the SIMD wasm backend lazily
 * on the first request, exactly as the real translator provider must, and
 * reports what it got. /modules reports how the module rules bundled weight files.
 */
import plainConfig from '../worker/fixtures/plain-config.json';
import manifestModule from '../worker/fixtures/weights/tiny/manifest.json';
import weightBytes from '../worker/fixtures/weights/tiny/model.bin';

const kind = (v: unknown) => Object.prototype.toString.call(v).slice(8, -1);

export default {
  async fetch(request: Request): Promise<Response> {
    const path = new URL(request.url).pathname;
    if (path === '/health') return new Response('ok');
    if (path === '/modules') {
      return Response.json({ bin: kind(weightBytes), weightsJson: kind(manifestModule), plainJson: kind(plainConfig) });
    }
    const tf = await import('@tensorflow/tfjs');
    const { wasmBackendInfo } = await import('../../src/backend/workerd-wasm.ts');
    const info = await wasmBackendInfo();
    const product = tf.tidy(() => tf.matMul(tf.tensor2d([[1, 2], [3, 4]]), tf.tensor2d([[5, 6], [7, 8]])));
    const values = Array.from(await product.data());
    product.dispose();
    return Response.json({
      backend: tf.getBackend(),
      binary: info.binary,
      values,
      simd: await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'),
      hasProcess: typeof (globalThis as { process?: unknown }).process !== 'undefined',
      platform: tf.env().platformName,
    });
  },
};
