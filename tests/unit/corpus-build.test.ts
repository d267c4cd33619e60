import { describe, expect, it } from 'vitest';
import { buildCorpus, buildOod } from '../../training/corpus/build.ts';
import { splitOf, type SplitName } from '../../training/corpus/split.ts';

/** The first `n` strings `${prefix} i` that the split rule sends to `split`. */
function sourcesIn(split: SplitName, n: number, prefix = 'Item'): string[] {
  const found: string[] = [];
  for (let i = 0; found.length < n; i++) if (splitOf(`${prefix} ${i}`) === split) found.push(`${prefix} ${i}`);
  return found;
}

describe('buildCorpus', () => {
  it('keeps one copy of an exact duplicate pair, from the alphabetically first origin', () => {
    const [en] = sourcesIn('train', 1);
    const corpus = buildCorpus([
      { pkg: 'zeta', pairs: [{ en, es: 'Elemento' }], accelerators: '' },
      { pkg: 'alpha', pairs: [{ en: ` ${en} `, es: 'Elemento' }], accelerators: '' },
    ]);
    expect(corpus.splits.train).toEqual([{ en, es: 'Elemento', pkg: 'alpha' }]);
    expect(corpus.stats.duplicatesRemoved).toBe(1);
    expect(corpus.stats.packages.zeta.total).toBe(0);
  });

  it('keeps every translation of a train source but only the first of a dev or test source', () => {
    const [train] = sourcesIn('train', 1);
    const [dev] = sourcesIn('dev', 1);
    const [test] = sourcesIn('test', 1);
    const pairs = [train, dev, test].flatMap((en) => [
      { en, es: `${en} B` },
      { en, es: `${en} A` },
    ]);
    const corpus = buildCorpus([{ pkg: 'p', pairs, accelerators: '' }]);
    expect(corpus.splits.train.map((p) => p.es)).toEqual([`${train} A`, `${train} B`]);
    expect(corpus.splits.dev.map((p) => p.es)).toEqual([`${dev} A`]);
    expect(corpus.splits.test.map((p) => p.es)).toEqual([`${test} A`]);
    expect(corpus.stats.devTestAlternativesRemoved).toBe(2);
    expect(corpus.stats.splits).toEqual({ train: 2, dev: 1, test: 1 });
  });

  it('sorts each split in code-unit order and counts drops per package', () => {
    const sources = sourcesIn('train', 5).reverse();
    const corpus = buildCorpus([
      { pkg: 'p', pairs: [...sources.map((en) => ({ en, es: `es ${en}` })), { en: 'Same', es: 'Same' }, { en: '', es: 'x' }], accelerators: '' },
    ]);
    expect(corpus.splits.train.map((p) => p.en)).toEqual([...sources].sort());
    expect(corpus.stats.packages.p).toMatchObject({ raw: 7, dropped: { identical: 1, empty: 1 }, train: 5, total: 5 });
  });

  it('strips accelerators per source before comparing and splitting', () => {
    const corpus = buildCorpus([
      { pkg: 'gtk', pairs: [{ en: '_Quit now', es: '_Salir ya' }], accelerators: '_' },
      { pkg: 'tsv', pairs: [{ en: 'snake_Case x', es: 'snake_Case y' }], accelerators: '' },
    ]);
    const all = [...corpus.splits.train, ...corpus.splits.dev, ...corpus.splits.test];
    expect(all).toContainEqual({ en: 'Quit now', es: 'Salir ya', pkg: 'gtk' });
    expect(all).toContainEqual({ en: 'snake_Case x', es: 'snake_Case y', pkg: 'tsv' });
  });
});

describe('buildOod', () => {
  it('removes sources present in the corpus and keeps one translation per source', () => {
    const { pairs, stats } = buildOod(
      {
        pkg: 'docs',
        pairs: [
          { en: 'Open the file', es: 'Abra el archivo' },
          { en: 'Known', es: 'Conocido' },
          { en: 'Close it', es: 'Ciérrelo B' },
          { en: 'Close it', es: 'Ciérrelo A' },
        ],
        accelerators: '',
      },
      new Set(['Known']),
    );
    expect(pairs).toEqual([
      { en: 'Close it', es: 'Ciérrelo A', pkg: 'docs' },
      { en: 'Open the file', es: 'Abra el archivo', pkg: 'docs' },
    ]);
    expect(stats.total).toBe(2);
  });
});
