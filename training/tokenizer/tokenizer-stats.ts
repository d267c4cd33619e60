/**
 * Measures a vocabulary on held-out text: average tokens per sentence, share of <unk> tokens,
 * share of characters outside the alphabet, and round-trip failures (decode(encode(s)) !== s
 * for a normalised s made only of alphabet and sentinel characters).
 */
import { isSentinelChar, UNK_ID } from '../../src/model/text/special-tokens.ts';
import { normalize, type Vocab } from '../../src/model/text/vocab.ts';

export interface TokenizerStats {
  sentences: number;
  tokens: number;
  tokensPerSentence: number;
  unkTokens: number;
  /** <unk> tokens / all tokens. */
  unkRate: number;
  /** Characters (code points, spaces excluded) outside the alphabet / all such characters. */
  unknownCharRate: number;
  /** In-alphabet sentences whose round trip differs. */
  roundTripFailures: number;
}

export function tokenizerStats(vocab: Vocab, texts: Iterable<string>): TokenizerStats {
  const alphabet = new Set(vocab.alphabet);
  let sentences = 0;
  let tokens = 0;
  let unkTokens = 0;
  let chars = 0;
  let unknownChars = 0;
  let roundTripFailures = 0;
  for (const text of texts) {
    const s = normalize(text);
    const ids = vocab.encode(s);
    sentences++;
    tokens += ids.length;
    let covered = true;
    for (const ch of s) {
      if (ch === ' ') continue;
      chars++;
      if (!alphabet.has(ch) && !isSentinelChar(ch)) {
        unknownChars++;
        covered = false;
      }
    }
    for (const id of ids) if (id === UNK_ID) unkTokens++;
    if (covered && vocab.decode(ids) !== s) roundTripFailures++;
  }
  return {
    sentences,
    tokens,
    tokensPerSentence: sentences ? tokens / sentences : 0,
    unkTokens,
    unkRate: tokens ? unkTokens / tokens : 0,
    unknownCharRate: chars ? unknownChars / chars : 0,
    roundTripFailures,
  };
}
