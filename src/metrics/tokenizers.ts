/** The BLEU tokenizers by their sacreBLEU name (`--tokenize`); `13a` is the default. */
import { tokenize13a } from './tokenizer-13a.ts';
import { tokenizeChar } from './tokenizer-char.ts';
import { tokenizeIntl } from './tokenizer-intl.ts';
import { tokenizeNone } from './tokenizer-none.ts';
import { tokenizeZh } from './tokenizer-zh.ts';

export type Tokenizer = (line: string) => string;

export const TOKENIZERS = {
  '13a': tokenize13a,
  intl: tokenizeIntl,
  char: tokenizeChar,
  zh: tokenizeZh,
  none: tokenizeNone,
} as const satisfies Record<string, Tokenizer>;

export type TokenizerName = keyof typeof TOKENIZERS;

export const DEFAULT_TOKENIZER: TokenizerName = '13a';

export function isTokenizerName(name: string): name is TokenizerName {
  return Object.prototype.hasOwnProperty.call(TOKENIZERS, name);
}

/** The tokenizer function for a sacreBLEU tokenizer name; throws on an unknown name. */
export function getTokenizer(name: TokenizerName): Tokenizer {
  if (!isTokenizerName(name)) throw new Error(`unknown BLEU tokenizer '${String(name)}' (expected one of ${Object.keys(TOKENIZERS).join(', ')})`);
  return TOKENIZERS[name];
}
