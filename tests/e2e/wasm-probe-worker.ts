/**
 * A minimal Worker for tests/e2e/wasm-production.test.ts: under the production
 * wrangler.toml (no nodejs_compat) it loads tfjs and the SIMD wasm backend lazily
 * on the first request, exactly as the real translator provider must, and
 * reports what it got.
 */
export default {
  async fetch(request: Request): Promise<Response> {
    if (new URL(request.url).pathname === '/health') return new Response('ok');
    const tf = await import('@tensorflow/tfjs');
    const { wasmBackendInfo } = await import('../../src/wasm-backend.ts');
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
