import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  BOS_ID,
  EOS_ID,
  MAX_SENTINELS,
  NUM_RESERVED,
  PAD_ID,
  SENTINEL_BASE_ID,
  UNK_ID,
  sentinelChar,
} from '../../src/model/text/special-tokens.ts';
import { UNK_TEXT, Vocab, WORD_START, normalize, type VocabJSON } from '../../src/model/text/vocab.ts';
import { countChunks } from '../../training/tokenizer/count-chunks.ts';
import { learnBpe } from '../../training/tokenizer/learn-bpe.ts';
import { fixtureTexts } from './tokenizer-fixture-texts.ts';

let json: VocabJSON;
let vocab: Vocab;

beforeAll(() => {
  json = learnBpe(countChunks(fixtureTexts()), { vocabSize: 1200, coverage: 1 });
  vocab = Vocab.fromJSON(json);
});

describe('normalize', () => {
  it('applies NFC, collapses whitespace runs and trims', () => {
    expect(normalize('  Cafe\u0301 \t\n  au\u00a0 lait  ')).toBe('Café au lait');
    expect(normalize('\n\t ')).toBe('');
  });
});

describe('Vocab encode/decode', () => {
  it('has the requested size, with the reserved pieces first', () => {
    expect(vocab.size).toBe(1200);
    expect(vocab.pieces([PAD_ID, UNK_ID, BOS_ID, EOS_ID])).toEqual(['<pad>', '<unk>', '<s>', '</s>']);
    expect(vocab.idToPiece(SENTINEL_BASE_ID + 3)).toBe(sentinelChar(3));
  });

  it('round-trips every fixture string after normalisation', () => {
    const alphabet = new Set(vocab.alphabet);
    for (const text of fixtureTexts()) {
      const s = normalize(text);
      if (![...s].every((ch) => ch === ' ' || alphabet.has(ch))) continue;
      expect(vocab.decode(vocab.encode(text))).toBe(s);
    }
  });

  it('marks word starts with ▁ and learns frequent words as single pieces', () => {
    const pieces = vocab.pieces(vocab.encode('de la'));
    expect(pieces).toEqual([`${WORD_START}de`, `${WORD_START}la`]);
  });

  it('keeps punctuation in its own pieces (pieces never mix letters and punctuation)', () => {
    const pieces = vocab.pieces(vocab.encode('archivo, carpeta.'));
    for (const p of pieces) expect(/\p{L}/u.test(p) && /[,.]/.test(p)).toBe(false);
    expect(pieces).toContain(',');
  });

  it('encodes every sentinel to its reserved id and decodes it back', () => {
    for (let slot = 0; slot < MAX_SENTINELS; slot++) {
      const s = `Copied ${sentinelChar(slot)} files to${sentinelChar(slot)}.`;
      const ids = vocab.encode(s);
      expect(ids.filter((id) => id === SENTINEL_BASE_ID + slot)).toHaveLength(2);
      expect(vocab.decode(ids)).toBe(s);
    }
  });

  it('never merges a sentinel with neighbouring characters', () => {
    const s = `a${sentinelChar(0)}${sentinelChar(1)}de${sentinelChar(2)}`;
    const ids = vocab.encode(s);
    expect(vocab.pieces(ids)).toEqual([`${WORD_START}a`, sentinelChar(0), sentinelChar(1), 'de', sentinelChar(2)]);
  });

  it('gives a leading sentinel a standalone word-start piece', () => {
    const ids = vocab.encode(`x ${sentinelChar(5)}`);
    expect(vocab.pieces(ids).slice(-2)).toEqual([WORD_START, sentinelChar(5)]);
  });

  it('maps unknown characters to one <unk> per run and decodes <unk> as U+FFFD', () => {
    for (const ch of 'ᚠᚢᚦ') expect(vocab.alphabet).not.toContain(ch);
    const ids = vocab.encode('ver ᚠᚢᚦ ahora');
    expect(ids.filter((id) => id === UNK_ID)).toHaveLength(1);
    expect(vocab.decode(ids)).toBe(`ver ${UNK_TEXT} ahora`);
  });

  it('treats a literal ▁ in the input as unknown', () => {
    const ids = vocab.encode(`a${WORD_START}b`);
    expect(ids).toContain(UNK_ID);
    expect(vocab.decode(ids)).toBe(`a${UNK_TEXT}b`);
  });

  it('never produces pad, bos, eos or unk for text over the alphabet', () => {
    const ids = fixtureTexts().flatMap((t) => vocab.encode(t));
    for (const special of [PAD_ID, BOS_ID, EOS_ID]) expect(ids).not.toContain(special);
    expect(ids.every((id) => id >= 0 && id < vocab.size)).toBe(true);
  });

  it('skips pad, bos and eos when decoding', () => {
    const ids = vocab.encode('Abrir archivo');
    expect(vocab.decode([BOS_ID, ...ids, EOS_ID, PAD_ID, PAD_ID])).toBe('Abrir archivo');
  });

  it('returns nothing for empty or blank text', () => {
    expect(vocab.encode('')).toEqual([]);
    expect(vocab.encode(' \n\t')).toEqual([]);
    expect(vocab.decode([])).toBe('');
  });

  it('maps pieces to ids and back', () => {
    for (let id = 0; id < vocab.size; id += 37) expect(vocab.pieceToId(vocab.idToPiece(id))).toBe(id);
    expect(vocab.pieceToId('no-such-piece')).toBeUndefined();
    expect(() => vocab.idToPiece(vocab.size)).toThrow(/outside/);
  });

  it('gives the same ids with a tiny cache as with the default cache', () => {
    const tiny = Vocab.fromJSON(json, { maxCacheEntries: 2 });
    for (const text of fixtureTexts().slice(0, 100)) expect(tiny.encode(text)).toEqual(vocab.encode(text));
  });

  it('round-trips random strings over the alphabet and the sentinels (property)', () => {
    const chars = [...vocab.alphabet, ' ', ' ', '\t', ...Array.from({ length: MAX_SENTINELS }, (_, i) => sentinelChar(i))];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...chars), { maxLength: 60 }), (arr) => {
        const s = normalize(arr.join(''));
        const ids = vocab.encode(s);
        expect(ids).not.toContain(UNK_ID);
        expect(vocab.decode(ids)).toBe(s);
      }),
      { numRuns: 500 },
    );
  });
});

describe('Vocab.fromJSON validation', () => {
  it('round-trips through toJSON', () => {
    expect(Vocab.fromJSON(JSON.parse(JSON.stringify(vocab.toJSON()))).toJSON()).toEqual(json);
  });

  it('rejects a wrong format with a message naming it', () => {
    expect(() => Vocab.fromJSON({ ...json, format: 'sentencepiece' })).toThrow(/format "edge-mt-bpe", got "sentencepiece"/);
  });

  it('rejects an unsupported version with a message naming it', () => {
    expect(() => Vocab.fromJSON({ ...json, version: 2 })).toThrow(/unsupported version 2/);
  });

  it('rejects non-objects, moved reserved ids, bad merges and bad specials', () => {
    expect(() => Vocab.fromJSON(null)).toThrow(/expected an object/);
    const swapped = [...json.vocab];
    [swapped[0], swapped[1]] = [swapped[1], swapped[0]];
    expect(() => Vocab.fromJSON({ ...json, vocab: swapped })).toThrow(/reserved id 0/);
    expect(() => Vocab.fromJSON({ ...json, merges: [['q', 'zzz']] })).toThrow(/merge 0/);
    expect(() => Vocab.fromJSON({ ...json, specials: { ...json.specials, eos: 7 } })).toThrow(/specials\.eos/);
    expect(() => Vocab.fromJSON({ ...json, vocab: [...json.vocab, json.vocab[NUM_RESERVED]] })).toThrow(/duplicate piece/);
  });
});
