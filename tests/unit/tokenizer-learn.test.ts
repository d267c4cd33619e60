import { describe, expect, it } from 'vitest';
import { NUM_RESERVED } from '../../src/model/text/special-tokens.ts';
import { Vocab, WORD_START } from '../../src/model/text/vocab.ts';
import { chooseAlphabet } from '../../training/tokenizer/choose-alphabet.ts';
import { countChunks } from '../../training/tokenizer/count-chunks.ts';
import { formatVocabJSON } from '../../training/tokenizer/format-vocab-json.ts';
import { learnBpe } from '../../training/tokenizer/learn-bpe.ts';
import { PairHeap } from '../../training/tokenizer/pair-heap.ts';
import { fixtureTexts } from './tokenizer-fixture-texts.ts';

/** Textbook BPE: recount every pair after every merge (slow, obviously correct). */
function naiveMerges(chunkCounts: Map<string, number>, alphabet: Set<string>, steps: number): [string, string][] {
  const words = [...chunkCounts].map(([chunk, count]) => ({ sym: Array.from(chunk, (c) => (alphabet.has(c) ? c : null)), count }));
  const merges: [string, string][] = [];
  for (let step = 0; step < steps; step++) {
    const counts = new Map<string, { a: string; b: string; n: number }>();
    for (const { sym, count } of words) {
      for (let i = 0; i + 1 < sym.length; i++) {
        const [a, b] = [sym[i], sym[i + 1]];
        if (a === null || b === null) continue;
        const e = counts.get(`${a} ${b}`) ?? { a, b, n: 0 };
        e.n += count;
        counts.set(`${a} ${b}`, e);
      }
    }
    const best = [...counts.values()].sort((x, y) => y.n - x.n || (x.a < y.a ? -1 : x.a > y.a ? 1 : x.b < y.b ? -1 : 1))[0];
    if (!best || best.n < 2) break;
    merges.push([best.a, best.b]);
    for (const w of words) {
      const next: (string | null)[] = [];
      for (let i = 0; i < w.sym.length; i++) {
        if (i + 1 < w.sym.length && w.sym[i] === best.a && w.sym[i + 1] === best.b) next.push(best.a + best.b), i++;
        else next.push(w.sym[i]);
      }
      w.sym = next;
    }
  }
  return merges;
}

describe('learnBpe', () => {
  it('merges the most frequent pair first and breaks ties lexicographically', () => {
    const json = learnBpe(countChunks(['ab ab ab', 'cd cd']), { vocabSize: 1000, requiredChars: [] });
    expect(json.merges).toEqual([
      ['a', 'b'],
      [WORD_START, 'ab'],
      ['c', 'd'],
      [WORD_START, 'cd'],
    ]);
    expect(json.vocab.slice(NUM_RESERVED)).toEqual(['a', 'b', 'c', 'd', WORD_START, 'ab', `${WORD_START}ab`, 'cd', `${WORD_START}cd`]);
  });

  it('learns exactly the merges of textbook BPE on real text', () => {
    const counts = countChunks(fixtureTexts());
    const json = learnBpe(counts, { vocabSize: 700, coverage: 1 });
    const alphabet = json.vocab.slice(NUM_RESERVED, json.vocab.length - json.merges.length);
    expect(json.merges.length).toBeGreaterThan(200);
    expect(json.merges).toEqual(naiveMerges(counts, new Set(alphabet), json.merges.length));
  });

  it('fills the vocabulary to exactly the requested size', () => {
    const json = learnBpe(countChunks(fixtureTexts()), { vocabSize: 700 });
    expect(json.vocab).toHaveLength(700);
    expect(new Set(json.vocab).size).toBe(700);
  });

  it('is deterministic: same texts in any order give a byte-identical file', () => {
    const texts = fixtureTexts();
    const a = formatVocabJSON(learnBpe(countChunks(texts), { vocabSize: 800 }));
    const b = formatVocabJSON(learnBpe(countChunks([...texts].reverse()), { vocabSize: 800 }));
    expect(b).toBe(a);
    expect(Vocab.fromJSON(JSON.parse(a)).size).toBe(800);
  });

  it('refuses a vocabulary size smaller than reserved ids plus alphabet', () => {
    expect(() => learnBpe(countChunks(['hola mundo']), { vocabSize: 40 })).toThrow(/too small/);
  });
});

describe('chooseAlphabet', () => {
  const counts = new Map([
    [`${WORD_START}aab`, 10],
    ['ç', 1],
  ]);

  it('drops the rarest characters below the coverage but keeps required ones and the marker', () => {
    expect(chooseAlphabet(counts, { coverage: 0.9, required: ['z'] })).toEqual(['a', 'b', 'z', WORD_START]);
    expect(chooseAlphabet(counts, { coverage: 1, required: [] })).toEqual(['a', 'b', 'ç', WORD_START]);
  });
});

describe('PairHeap', () => {
  it('pops by count descending, then by pair lexicographically', () => {
    const heap = new PairHeap();
    const entries = [
      { count: 3, key: 1, left: 'b', right: 'a' },
      { count: 5, key: 2, left: 'z', right: 'z' },
      { count: 3, key: 3, left: 'a', right: 'c' },
      { count: 3, key: 4, left: 'a', right: 'b' },
      { count: 1, key: 5, left: 'a', right: 'a' },
    ];
    for (const e of entries) heap.push(e);
    const order: number[] = [];
    for (let e = heap.pop(); e; e = heap.pop()) order.push(e.key);
    expect(order).toEqual([2, 4, 3, 1, 5]);
  });
});
