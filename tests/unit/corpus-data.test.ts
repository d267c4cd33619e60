import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../training/corpus/clean.ts';
import { loadJsonlGz, loadSplit, type Pair } from '../../training/corpus/load.ts';
import { splitOf, SPLIT_NAMES } from '../../training/corpus/split.ts';

const DIR = 'training/data/en-es';
const splits = Object.fromEntries(SPLIT_NAMES.map((name) => [name, loadSplit(DIR, name)])) as Record<string, Pair[]>;
const stats = JSON.parse(fs.readFileSync(`${DIR}/stats.json`, 'utf8'));

describe('committed en-es corpus', () => {
  it('has the counts recorded in stats.json and a usable training size', () => {
    for (const name of SPLIT_NAMES) expect(splits[name].length).toBe(stats.splits[name]);
    expect(splits.train.length).toBeGreaterThan(40_000);
    expect(splits.dev.length).toBeGreaterThan(500);
    expect(splits.test.length).toBeGreaterThan(1000);
  });

  it('puts every pair in the split its English source hashes to', () => {
    for (const name of SPLIT_NAMES) for (const pair of splits[name]) if (splitOf(pair.en) !== name) throw new Error(`${pair.en} in ${name}`);
  });

  it('has one translation per source in dev and test and no duplicate pair anywhere', () => {
    for (const name of ['dev', 'test']) expect(new Set(splits[name].map((p) => p.en)).size).toBe(splits[name].length);
    const all = SPLIT_NAMES.flatMap((name) => splits[name]);
    expect(new Set(all.map((p) => `${p.en}\t${p.es}`)).size).toBe(all.length);
  });

  it('is sorted and cleaned', () => {
    for (const name of SPLIT_NAMES) {
      const list = splits[name];
      for (let i = 1; i < list.length; i++) {
        const a = list[i - 1];
        const b = list[i];
        if (!(a.en < b.en || (a.en === b.en && a.es < b.es))) throw new Error(`order at ${name}[${i}]`);
      }
      for (const p of list) {
        if (p.en === p.es || p.en !== p.en.trim() || /\s\s|\n/.test(p.en + p.es) || [...p.en].length > LIMITS.maxChars)
          throw new Error(`uncleaned pair ${JSON.stringify(p)}`);
        if (p.en !== p.en.normalize('NFC') || p.es !== p.es.normalize('NFC')) throw new Error(`not NFC ${JSON.stringify(p)}`);
      }
    }
  });

  it('keeps the out-of-domain set apart from every corpus source', () => {
    const ood = loadJsonlGz(`${DIR}/ood-gnome-user-docs.jsonl.gz`);
    expect(ood.length).toBeGreaterThan(1000);
    const sources = new Set(SPLIT_NAMES.flatMap((name) => splits[name].map((p) => p.en)));
    expect(ood.filter((p) => sources.has(p.en))).toEqual([]);
    expect(new Set(ood.map((p) => p.pkg))).toEqual(new Set(['gnome-user-docs']));
  });
});
