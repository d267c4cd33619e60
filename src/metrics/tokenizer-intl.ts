/**
 * sacreBLEU's `intl` tokenizer (tokenizer_intl.py, mteval-v14 international): split
 * punctuation (\p{P}) unless it sits between digits, and split every symbol (\p{S}).
 * The Python `regex` Unicode property classes map to JS `\p{...}` with the `u` flag.
 */
import { pySplit } from './python-string.ts';

const RULES: ReadonlyArray<readonly [RegExp, string]> = [
  // Separate out punctuations preceded by a non-digit
  [/(\P{N})(\p{P})/gu, '$1 $2 '],
  // Separate out punctuations followed by a non-digit
  [/(\p{P})(\P{N})/gu, ' $1 $2'],
  // Separate out symbols
  [/(\p{S})/gu, ' $1 '],
];

export function tokenizeIntl(line: string): string {
  let out = line;
  for (const [pattern, replacement] of RULES) out = out.replace(pattern, replacement);
  return pySplit(out).join(' ');
}
