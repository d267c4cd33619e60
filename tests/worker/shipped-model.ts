/**
 * The shipped model folder weights/en-es as bytes, for the workerd tests: wrangler.toml's
 * Data rule imports every file under a weights/ folder as its exact bytes (the Worker
 * itself no longer bundles them: it reads them from the model store).
 */
import manifestModule from '../../weights/en-es/manifest.json';
import tokenizerModule from '../../weights/en-es/tokenizer.json';
import weightsModule from '../../weights/en-es/model.bin';
import shortlistModule from '../../weights/en-es/shortlist.json';
import { weightFileBytes } from '../../src/serving/weight-module.ts';

const modules: Record<string, unknown> = {
  'manifest.json': manifestModule,
  'tokenizer.json': tokenizerModule,
  'model.bin': weightsModule,
  'shortlist.json': shortlistModule,
};

/** A fresh copy of the shipped model's files, by name. */
export function shippedModel(): Record<string, Uint8Array> {
  return Object.fromEntries(Object.entries(modules).map(([name, m]) => [name, new Uint8Array(weightFileBytes(m, name).slice(0))]));
}

/** The shipped model under another pair name and model id (a second model for store tests). */
export function shippedModelAs(pair: string, modelId: string): Record<string, Uint8Array> {
  const files = shippedModel();
  const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json']));
  manifest.model_id = modelId;
  manifest.language_pair = pair;
  return { ...files, 'manifest.json': new TextEncoder().encode(JSON.stringify(manifest)) };
}
