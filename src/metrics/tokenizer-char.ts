/** sacreBLEU's `char` tokenizer (tokenizer_char.py): every code point becomes a token. */
import { codePoints } from './python-string.ts';

export function tokenizeChar(line: string): string {
  return codePoints(line).join(' ');
}
