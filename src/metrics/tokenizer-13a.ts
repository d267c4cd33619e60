/**
 * sacreBLEU's default `13a` tokenizer (tokenizer_13a.py), equivalent to mteval-v13a.pl:
 * drop `<skipped>`, join `-\n` hyphenations, unescape four HTML entities, pad with spaces,
 * then apply the shared mteval regexps.
 */
import { tokenizeRegexp } from './tokenizer-regexp.ts';

export function tokenize13a(line: string): string {
  let s = line.replaceAll('<skipped>', '').replaceAll('-\n', '').replaceAll('\n', ' ');
  if (s.includes('&')) {
    // Order matters: "&amp;lt;" becomes "&lt;" and then "<", as in Python.
    s = s.replaceAll('&quot;', '"').replaceAll('&amp;', '&').replaceAll('&lt;', '<').replaceAll('&gt;', '>');
  }
  return tokenizeRegexp(` ${s} `);
}
