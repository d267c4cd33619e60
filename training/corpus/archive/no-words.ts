/**
 * Templates with no words: a msgid that, once its placeholders (`%s`, `{0}`, `$name`, see
 * src/model/text/placeholders.ts), HTML/Pango markup tags (`<b>`, `</span>`, `<a href="…">`: known
 * tag names only, so `<None>` or `<path>` stay text), entities and URLs are set aside, has no run
 * of two or more letters (`<b>%s</b>`, `%s x %s`, `%d B`, `http://%s/`, `(%s)`). There is nothing
 * to translate in it, and it only teaches the model to copy.
 */
import { mask } from '../../../src/model/text/placeholders.ts';

/** Opening, closing or empty tags of HTML and Pango markup. */
export const MARKUP_TAG =
  /<\/?(?:a|b|i|u|s|p|br|em|strong|span|big|small|tt|sub|sup|li|ul|ol|div|font|qt|html|body|h[1-6]|code|pre|img|table|tr|td|th|hr|center|nobr|markup|kbd|var|cite|blockquote|dl|dt|dd)(?:\s[^<>]*)?\/?>/gi;

export function hasWords(en: string): boolean {
  const text = mask(en)
    .masked.replace(MARKUP_TAG, ' ')
    .replace(/&[A-Za-z#0-9]+;/g, ' ')
    .replace(/\b[a-z][a-z0-9+.-]*:\/\/\S*/gi, ' ');
  return /\p{L}{2,}/u.test(text);
}
