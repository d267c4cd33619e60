/**
 * Templates with no words: a msgid that, once its placeholders (`%s`, `{0}`, `$name`, see
 * src/model/placeholders.ts), markup tags, entities and URLs are set aside, has no run of two
 * or more letters (`<b>%s</b>`, `%s x %s`, `%d B`, `http://%s/`, `(%s)`). There is nothing to
 * translate in it, and it only teaches the model to copy.
 */
import { mask } from '../../../src/model/placeholders.ts';

export function hasWords(en: string): boolean {
  const text = mask(en)
    .masked.replace(/<[^>]*>/g, ' ')
    .replace(/&[A-Za-z#0-9]+;/g, ' ')
    .replace(/\b[a-z][a-z0-9+.-]*:\/\/\S*/gi, ' ');
  return /\p{L}{2,}/u.test(text);
}
