import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { isSentinelChar, UNK_ID } from '../../src/model/text/special-tokens.ts';
import { normalize, Vocab } from '../../src/model/text/vocab.ts';
import { formatVocabJSON } from '../../training/tokenizer/format-vocab-json.ts';
import { learnFromCorpus, learntWithShortcuts } from '../../training/tokenizer/learn-from-corpus.ts';
import { readMaskedSplit, readSplit } from '../../training/tokenizer/training-texts.ts';

const CORPUS = 'training/data/en-es';
const VOCAB_FILE = `${CORPUS}/bpe-8000.json`;

let vocab: Vocab;
let alphabet: Set<string>;
const inAlphabet = (s: string) => [...s].every((ch) => ch === ' ' || alphabet.has(ch) || isSentinelChar(ch));

beforeAll(() => {
  vocab = Vocab.fromJSON(JSON.parse(fs.readFileSync(VOCAB_FILE, 'utf8')));
  alphabet = new Set(vocab.alphabet);
});

describe('committed vocabulary training/data/en-es/bpe-8000.json', () => {
  it('has 8000 pieces', () => {
    expect(vocab.size).toBe(8000);
  });

  it('round-trips the whole dev set, both sides, raw and masked', () => {
    const raw = readSplit(CORPUS, 'dev').flatMap((p) => [p.en, p.es]);
    const masked = readMaskedSplit(CORPUS, 'dev');
    const texts = [...raw, ...masked.en, ...masked.es].map(normalize);
    const covered = texts.filter(inAlphabet);
    expect(covered.length).toBeGreaterThan(texts.length * 0.99);
    for (const s of covered) expect(vocab.decode(vocab.encode(s))).toBe(s);
  });

  it('produces <unk> only for characters outside the alphabet, rarely', () => {
    const masked = readMaskedSplit(CORPUS, 'dev');
    let tokens = 0;
    let unks = 0;
    for (const s of [...masked.en, ...masked.es]) {
      const ids = vocab.encode(s);
      tokens += ids.length;
      unks += ids.filter((id) => id === UNK_ID).length;
      expect(ids.includes(UNK_ID)).toBe(!inAlphabet(normalize(s)));
    }
    expect(unks / tokens).toBeLessThan(1e-3);
  });

  it('is rebuilt byte-identically from the train split', () => {
    // The shipped vocabulary predates shortcut masking: it is rebuilt with the masking its provenance names.
    const committed = fs.readFileSync(VOCAB_FILE, 'utf8');
    expect(formatVocabJSON(learnFromCorpus(CORPUS, { shortcuts: learntWithShortcuts(JSON.parse(committed)) }))).toBe(committed);
  }, 120_000);
});
