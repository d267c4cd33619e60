/**
 * Learns the lexical shortlist of a corpus's train split for a tokenizer, and serialises
 * it in its compact, byte-stable JSON layout. Shared by `npm run shortlist` and the export.
 */
import { learnShortlist, type IdPair, type Shortlist, type ShortlistJSON, type ShortlistParams, DEFAULT_SHORTLIST_PARAMS } from '../../src/model/text/shortlist.ts';
import { sha256Hex } from '../../src/model/storage/manifest.ts';
import { Vocab } from '../../src/model/text/vocab.ts';
import { readMaskedSplit } from '../tokenizer/training-texts.ts';
import type { Direction } from '../corpus/load.ts';

export function formatShortlist(json: ShortlistJSON): string {
  const { by_source_gaps: lists, ...head } = json;
  const headText = JSON.stringify(head, null, 1).replace(/\n\s*/g, ' ').slice(0, -2);
  return `${headText},\n"by_source_gaps": [\n${lists.map((l) => JSON.stringify(l)).join(',\n')}\n]}\n`;
}

/** The split as subword id pairs, source → target for `direction` (es-en swaps the sides). */
export function encodeSplit(vocab: Vocab, corpus: string, split: string, direction: Direction = 'en-es'): IdPair[] {
  const { en, es } = readMaskedSplit(corpus, split);
  const [src, tgt] = direction === 'en-es' ? [en, es] : [es, en];
  return src.map((s, i) => ({ src: vocab.encode(s), tgt: vocab.encode(tgt[i]) }));
}

export async function buildShortlist(corpus: string, vocabBytes: Uint8Array, params: ShortlistParams = DEFAULT_SHORTLIST_PARAMS, direction: Direction = 'en-es'): Promise<{ shortlist: Shortlist; bytes: Uint8Array; trainPairs: number }> {
  const vocab = Vocab.fromJSON(JSON.parse(new TextDecoder().decode(vocabBytes)));
  const train = encodeSplit(vocab, corpus, 'train', direction);
  const shortlist = learnShortlist(train, vocab.size, await sha256Hex(vocabBytes), params, { corpus, split: 'train' });
  return { shortlist, bytes: new TextEncoder().encode(formatShortlist(shortlist.toJSON())), trainPairs: train.length };
}
