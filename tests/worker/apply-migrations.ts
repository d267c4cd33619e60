/// <reference types="@cloudflare/vitest-pool-workers/types" />
/**
 * Setup file of the worker test project: applies migrations/ (read in Node by
 * vitest.config.ts with readD1Migrations) to the real local D1 database FEEDBACK_DB, so
 * every test file sees the same schema as `npm run dev` and a deploy. Already-applied
 * migrations are skipped (recorded in d1_migrations).
 */
import { applyD1Migrations } from 'cloudflare:test';
import { env } from 'cloudflare:workers';

const bindings = env as unknown as { FEEDBACK_DB: D1Database; TEST_MIGRATIONS: Parameters<typeof applyD1Migrations>[1] };
await applyD1Migrations(bindings.FEEDBACK_DB, bindings.TEST_MIGRATIONS);
