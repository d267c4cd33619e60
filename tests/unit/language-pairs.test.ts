/**
 * The one place that decides which directions are served (src/serving/language-pairs.ts), with
 * LibreTranslate's wording for refusals, and the language list built from it.
 */
import { describe, expect, it } from 'vitest';
import { languageList, resolvePair } from '../../src/serving/language-pairs.ts';

describe('resolvePair', () => {
  it('serves en → es', () => {
    expect(resolvePair('en', 'es')).toEqual({ ok: true, pair: { source: 'en', target: 'es' } });
  });

  it('refuses unknown codes and known languages without a model between them, as LibreTranslate words it', () => {
    expect(resolvePair('fr', 'es')).toEqual({ ok: false, error: 'fr is not supported' });
    expect(resolvePair('en', 'toString')).toEqual({ ok: false, error: 'toString is not supported' });
    expect(resolvePair('es', 'en')).toEqual({ ok: false, error: 'English (en) is not available as a target language from Spanish (es)' });
    expect(resolvePair('en', 'en')).toEqual({ ok: false, error: 'English (en) is not available as a target language from English (en)' });
  });

  it('lists every language with the targets it can reach', () => {
    expect(languageList()).toEqual([
      { code: 'en', name: 'English', targets: ['es'] },
      { code: 'es', name: 'Spanish', targets: [] },
    ]);
  });
});
