/**
 * sacreBLEU's `TokenizerRegexp` (tokenizer_re.py): the mteval-v13a punctuation rules shared
 * by the `13a` and `zh` tokenizers, followed by `' '.join(line.split())`.
 */
import { pySplit } from './python-string.ts';

/** (pattern, replacement) pairs applied in order, exactly as in tokenizer_re.py. */
const RULES: ReadonlyArray<readonly [RegExp, string]> = [
  // language-dependent part (assuming Western languages): [{-~[-` -&(-+:-@/]
  [/([{-~[-` -&(-+:-@/])/gu, ' $1 '],
  // tokenize period and comma unless preceded by a digit
  [/([^0-9])([.,])/gu, '$1 $2 '],
  // tokenize period and comma unless followed by a digit
  [/([.,])([^0-9])/gu, ' $1 $2'],
  // tokenize dash when preceded by a digit
  [/([0-9])(-)/gu, '$1 $2 '],
];

/** Apply the mteval-v13a regexps, then collapse whitespace to single spaces. */
export function tokenizeRegexp(line: string): string {
  let out = line;
  for (const [pattern, replacement] of RULES) out = out.replace(pattern, replacement);
  return pySplit(out).join(' ');
}
