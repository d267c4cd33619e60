import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fnv1a32 } from '../../training/corpus/fnv1a.ts';
import { splitOf } from '../../training/corpus/split.ts';

/** Independent FNV-1a 32 with BigInt arithmetic over Buffer bytes (not the code under test). */
function referenceFnv1a(text: string): number {
  let hash = 0x811c9dc5n;
  for (const byte of Buffer.from(text, 'utf8')) hash = ((hash ^ BigInt(byte)) * 0x01000193n) % 0x100000000n;
  return Number(hash);
}

function referenceSplit(text: string): string {
  const bucket = referenceFnv1a(text) % 1000;
  return bucket < 40 ? 'test' : bucket < 60 ? 'dev' : 'train';
}

describe('fnv1a32', () => {
  it('matches the published FNV-1a 32-bit test vectors', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
  });

  it('hashes the UTF-8 bytes, not UTF-16 code units', () => {
    expect(fnv1a32('é')).toBe(referenceFnv1a('é'));
    expect(fnv1a32('é')).not.toBe(referenceFnv1a('\u00e9'.normalize('NFD')));
    expect(fnv1a32('😀 ñ')).toBe(referenceFnv1a('😀 ñ'));
  });

  it('agrees with an independent BigInt implementation on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => {
        expect(fnv1a32(s)).toBe(referenceFnv1a(s));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('splitOf', () => {
  it('sends hash % 1000 < 40 to test, < 60 to dev, the rest to train', () => {
    // Strings chosen so that each split is hit; expectations come from the reference hash.
    const samples = ['Open', 'Save As', 'Cancel', 'File', 'Edit', 'Help', 'Print the document', 'Zoom In', 'Close'];
    const found = new Set<string>();
    for (let i = 0; found.size < 3 && i < 5000; i++) {
      const s = `sample ${i}`;
      expect(splitOf(s)).toBe(referenceSplit(s));
      found.add(splitOf(s));
    }
    expect(found).toEqual(new Set(['train', 'dev', 'test']));
    for (const s of samples) expect(splitOf(s)).toBe(referenceSplit(s));
  });

  it('puts about 4% in test and 2% in dev', () => {
    const counts = { train: 0, dev: 0, test: 0 };
    for (let i = 0; i < 20000; i++) counts[splitOf(`string number ${i}`)]++;
    expect(counts.test / 20000).toBeGreaterThan(0.03);
    expect(counts.test / 20000).toBeLessThan(0.05);
    expect(counts.dev / 20000).toBeGreaterThan(0.013);
    expect(counts.dev / 20000).toBeLessThan(0.027);
  });
});
