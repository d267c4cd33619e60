/**
 * Test projects:
 *  - unit:   Node, tests/unit/**  (pure TypeScript: model, metrics, tokenizer, ...)
 *  - worker: inside workerd via @cloudflare/vitest-pool-workers, tests/worker/**
 *            (the Hono app and the SIMD wasm backend; first tfjs load can take ~15 s)
 *  - e2e:    Node, tests/e2e/**  (starts `wrangler dev`, checks the bundle size)
 * `npx vitest run --project unit` runs one of them.
 */
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The feedback D1 schema, applied to the real local D1 of every worker test file (tests/worker/apply-migrations.ts).
const migrations = await readD1Migrations(fileURLToPath(new URL('./migrations', import.meta.url)));

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          environment: 'node',
          include: ['tests/unit/**/*.test.ts'],
        },
      },
      {
        plugins: [
          cloudflareTest({
            remoteBindings: false,
            wrangler: { configPath: './wrangler.toml' },
            miniflare: {
              // The worker tests run with auth on; tests/worker/auth.test.ts relies on it.
              bindings: { API_TOKEN: 'test-token-0123456789', CORS_ORIGINS: 'https://allowed.example', TEST_MIGRATIONS: migrations },
              // A limit no other test reaches (the fuzz test alone sends thousands of requests);
              // tests/worker/rate-limit.test.ts swaps in RATE_LIMITER_TIGHT to test the limit.
              ratelimits: {
                RATE_LIMITER: { simple: { limit: 1_000_000, period: 60 } },
                RATE_LIMITER_TIGHT: { simple: { limit: 3, period: 60 } },
              },
            },
          }),
        ],
        test: {
          name: 'worker',
          include: ['tests/worker/**/*.test.ts'],
          // Seeds the MODELS bucket with weights/en-es and applies the D1 migrations before each file.
          setupFiles: ['tests/worker/seed-store.ts', './tests/worker/apply-migrations.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['tests/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
