/**
 * Benchmark-only Worker entry (`wrangler dev bench/worker-full-vocab.ts`): the production
 * app with the bundled model loaded WITHOUT its lexical shortlist (the manifest's
 * shortlist.json entry is dropped before loading), for `bench/worker-latency.ts --no-shortlist`.
 */
import { createApp } from '../src/app.ts';
import type { Env } from '../src/env.ts';
import { BUNDLED_MODEL, loadTranslator } from '../src/serving/model-provider.ts';
import type { Translator } from '../src/serving/translator.ts';

let loading: Promise<Translator> | null = null;

function fullVocabularyFiles(): Record<string, unknown> {
  const manifest = JSON.parse(new TextDecoder().decode(BUNDLED_MODEL['manifest.json'] as ArrayBuffer));
  delete manifest.files['shortlist.json'];
  return { ...BUNDLED_MODEL, 'manifest.json': new TextEncoder().encode(JSON.stringify(manifest)).buffer };
}

const app = createApp({ getTranslator: () => (loading ??= loadTranslator(fullVocabularyFiles())) });

export default {
  fetch: (request, env, ctx) => app.fetch(request, env, ctx),
} satisfies ExportedHandler<Env>;
