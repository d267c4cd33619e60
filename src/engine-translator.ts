/**
 * Adapts the shared TranslationEngine (src/model/engine.ts) to the HTTP layer's
 * Translator interface: the model card comes from the verified manifest.
 */
import { TranslationEngine, type EngineLoadOptions, type ModelFiles } from './model/engine.ts';
import type { ModelCard, TranslateOptions, TranslationResult, Translator } from './translator.ts';

export async function createEngineTranslator(files: ModelFiles, options: EngineLoadOptions = {}): Promise<Translator> {
  const engine = await TranslationEngine.load(files, 'model.bin', options);
  const m = engine.manifest;
  const c = engine.config;
  const card: ModelCard = {
    id: m.model_id,
    version: m.created,
    sourceLanguage: 'en',
    targetLanguage: 'es',
    architecture: `bi-${c.cell.toUpperCase()} encoder (${c.encLayers}×${c.encHidden}/dir) + ${c.attention} attention + ${c.cell.toUpperCase()} decoder (${c.decHidden})`,
    parameters: engine.parameterCount,
    dtype: m.dtype,
    vocabulary: { source: c.srcVocabSize, target: c.tgtVocabSize },
    config: c,
    weights: Object.fromEntries(Object.entries(m.files).map(([k, v]) => [k, { sha256: v.sha256, bytes: v.bytes }])),
    training: m.training,
    scores: m.scores,
  };
  return {
    modelCard: () => card,
    translate: async (texts: string[], opts: TranslateOptions): Promise<TranslationResult[]> => engine.translate(texts, opts),
    memory: () => engine.memory(),
  };
}
