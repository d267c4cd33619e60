/**
 * The languages and translation directions the Worker serves, and the one function that
 * turns a requested (source, target) into a direction or a reason why not.
 *
 * Today one direction is served, en → es (the bundled model). A new direction (es → en)
 * is added by listing it in SUPPORTED_PAIRS and loading its model in the model provider;
 * every surface that lists languages or checks a pair (the LibreTranslate API's
 * /languages and /translate) follows from here.
 */

/** A language code the Worker knows, with its English name (LibreTranslate's `name`). */
export const LANGUAGE_NAMES: Readonly<Record<string, string>> = { en: 'English', es: 'Spanish' };

export interface LanguagePair {
  source: string;
  target: string;
}

/** The directions a model is bundled for. */
export const SUPPORTED_PAIRS: readonly LanguagePair[] = [{ source: 'en', target: 'es' }];

/** The outcome of resolvePair: the direction, or why it is refused (LibreTranslate's wording). */
export type PairResolution = { ok: true; pair: LanguagePair } | { ok: false; error: string };

/**
 * Resolves a requested direction. Unknown codes are "xx is not supported"; two known
 * languages without a model between them are "<Target> (t) is not available as a target
 * language from <Source> (s)", as LibreTranslate words them.
 */
export function resolvePair(source: string, target: string): PairResolution {
  if (!Object.hasOwn(LANGUAGE_NAMES, source)) return { ok: false, error: `${source} is not supported` };
  if (!Object.hasOwn(LANGUAGE_NAMES, target)) return { ok: false, error: `${target} is not supported` };
  const pair = SUPPORTED_PAIRS.find((p) => p.source === source && p.target === target);
  if (!pair) {
    return { ok: false, error: `${LANGUAGE_NAMES[target]} (${target}) is not available as a target language from ${LANGUAGE_NAMES[source]} (${source})` };
  }
  return { ok: true, pair };
}

/** Every known language with the targets it can be translated into (LibreTranslate's GET /languages). */
export function languageList(): Array<{ code: string; name: string; targets: string[] }> {
  return Object.entries(LANGUAGE_NAMES).map(([code, name]) => ({
    code,
    name,
    targets: SUPPORTED_PAIRS.filter((p) => p.source === code).map((p) => p.target).sort(),
  }));
}
