/**
 * Benchmark-only Worker entry (`wrangler dev bench/worker-full-vocab.ts`): the production
 * app with the active en-es model of the store loaded WITHOUT its lexical shortlist (the
 * manifest's shortlist.json entry is dropped before loading), for
 * `bench/worker-latency.ts --no-shortlist`.
 */
import { createApp } from '../src/app.ts';
import type { Env } from '../src/env.ts';
import { loadTranslator, modelStore } from '../src/serving/model-provider.ts';
import type { Translator } from '../src/serving/translator.ts';

let loading: Promise<Translator> | null = null;

async function fullVocabularyTranslator(env: Env): Promise<Translator> {
  const store = modelStore(env);
  const pointer = (await store.pointer('en-es'))!;
  const version = pointer.versions[pointer.active]!;
  const files: Record<string, Uint8Array> = {};
  for (const name of ['manifest.json', 'tokenizer.json', 'model.bin']) files[name] = (await store.file('en-es', pointer.active, version, name)).bytes;
  const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json']));
  delete manifest.files['shortlist.json'];
  files['manifest.json'] = new TextEncoder().encode(JSON.stringify(manifest));
  return loadTranslator(files);
}

const app = createApp({ getTranslator: (env) => (loading ??= fullVocabularyTranslator(env)) });

export default {
  fetch: (request, env, ctx) => app.fetch(request, env, ctx),
} satisfies ExportedHandler<Env>;
