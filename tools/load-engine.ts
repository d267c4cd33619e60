/**
 * Loads a model folder (weights/<name>/) from disk into the shared TranslationEngine,
 * with the same verification as the Worker. Uses the folder's shortlist.json when the
 * manifest lists it, unless `options.shortlist` is false.
 */
import fs from 'node:fs';
import path from 'node:path';
import { TranslationEngine, type EngineLoadOptions } from '../src/model/engine.ts';

export async function loadEngine(dir: string, weightFile = 'model.bin', options: EngineLoadOptions = {}): Promise<TranslationEngine> {
  const manifestPath = path.join(dir, 'manifest.json');
  if (!fs.existsSync(manifestPath)) throw new Error(`no model at ${dir}: ${manifestPath} not found`);
  return TranslationEngine.load({
    manifest: fs.readFileSync(manifestPath),
    file: (name) => {
      const f = path.join(dir, name);
      if (!fs.existsSync(f)) throw new Error(`model file missing: ${f}`);
      return fs.readFileSync(f);
    },
  }, weightFile, options);
}
