/**
 * Setup file of the worker test project: seeds the test Worker's own MODELS bucket (a real
 * local R2 from miniflare) with the shipped weights/en-es, as `npm run dev` seeds the local
 * R2 of wrangler dev, so every test, golden.test.ts included, is served from the store.
 * Idempotent: objects already there with the same sha256 are not uploaded again, and an
 * existing pointer is left as it is.
 */
import { env } from 'cloudflare:workers';
import type { Env } from '../../src/env.ts';
import { publishModel } from '../../src/store/publish.ts';
import { r2StoreBucket } from '../../src/store/store-bucket.ts';
import { shippedModel } from './shipped-model.ts';

await publishModel(r2StoreBucket((env as unknown as Env).MODELS!), shippedModel(), { activate: false });
