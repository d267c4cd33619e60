/**
 * The shortlist inside the engine, with the shipped weights on the real wasm backend:
 * a shortlist of every id decodes exactly like the full vocabulary, a real shortlist
 * only ever emits its own columns, and the model folder's shortlist.json is loaded
 * (sha256-verified, tokenizer-checked) by default and skipped on request.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TranslationEngine } from '../../src/model/engine.ts';
import { sha256Hex } from '../../src/model/storage/manifest.ts';
import { mask } from '../../src/model/text/placeholders.ts';
import { Seq2SeqSearchModel } from '../../src/model/graph/seq2seq-search.ts';
import { learnShortlist, Shortlist, SHORTLIST_FILE } from '../../src/model/text/shortlist.ts';
import { BOS_ID } from '../../src/model/text/special-tokens.ts';
import { loadEngine } from '../../tools/load-engine.ts';
import { initBackend } from '../../src/backend/node-wasm.ts';

const MODEL = 'weights/en-es';
const SENTENCES = ['Open the file', 'Could not connect to the server.', 'Save %s to <b>{0}</b>', 'Delete the selected items?'];
const greedy = { beam: 1, nbest: 1, alpha: 0.6, attention: false };
const beam4 = { beam: 4, nbest: 4, alpha: 0.6, attention: false };

let engine: TranslationEngine;
let shipped: Shortlist;
let tmp: string;

beforeAll(async () => {
  await initBackend('wasm');
  engine = await loadEngine(MODEL, 'model.bin', { shortlist: false });
  // A real shortlist for this tokenizer, learned from a few sentences so that it is small.
  const pairs = SENTENCES.map((s) => ({ src: engine.vocab.encode(mask(s).masked), tgt: engine.vocab.encode(mask(s).masked.toUpperCase()) }));
  shipped = learnShortlist(pairs, engine.vocab.size, engine.manifest.files[engine.manifest.tokenizer].sha256, { perSource: 3, frequent: 50 });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'shortlist-engine-'));
}, 60_000);

afterAll(() => {
  engine?.useShortlist(undefined);
  engine?.dispose();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('engine with a shortlist', () => {
  it('is not used when loading with { shortlist: false }', () => {
    expect(engine.shortlist).toBeUndefined();
  });

  it('decodes exactly like the full vocabulary when the shortlist holds every id', () => {
    const all = Shortlist.fromLists(engine.vocab.size, shipped.tokenizerSha256, Array.from({ length: engine.vocab.size }, (_, i) => i), []);
    for (const opts of [greedy, beam4]) {
      engine.useShortlist(undefined);
      const full = engine.translate(SENTENCES, opts);
      engine.useShortlist(all);
      const listed = engine.translate(SENTENCES, opts);
      engine.useShortlist(undefined);
      expect(listed.map((r) => r.nbest.map((h) => h.tokens))).toEqual(full.map((r) => r.nbest.map((h) => h.tokens)));
      listed.forEach((r, i) => r.nbest.forEach((h, j) => expect(h.score).toBeCloseTo(full[i].nbest[j].score, 3)));
    }
  });

  it('scores exactly the shortlist columns (always block first), renormalised over them', () => {
    const src = engine.vocab.encode(SENTENCES[1]);
    const cols = shipped.columns(src);
    const search = new Seq2SeqSearchModel(engine.weights, shipped);
    const enc = search.encode(src);
    const s1 = search.initialState(enc);
    const s0 = search.selectRows(s1, Int32Array.of(0, 0));
    search.disposeState(s1);
    const out = search.decodeStep(enc, s0, Int32Array.of(BOS_ID, BOS_ID));
    expect(Array.from(out.columnIds!).sort((x, y) => x - y)).toEqual(Array.from(cols));
    expect(Array.from(out.columnIds!.subarray(0, shipped.always.length))).toEqual(Array.from(shipped.always));
    expect(out.logProbs.length).toBe(2 * cols.length);
    const mass = out.logProbs.subarray(0, cols.length).reduce((a, v) => a + Math.exp(v), 0);
    expect(mass).toBeCloseTo(1, 4);
    search.disposeState(s0); search.disposeState(out.state); search.disposeEncoded(enc);
    search.dispose();
  });

  it('gives each shortlist column the full-vocabulary log-prob renormalised over the column set', () => {
    const src = engine.vocab.encode(SENTENCES[1]);
    const full = new Seq2SeqSearchModel(engine.weights);
    const split = new Seq2SeqSearchModel(engine.weights, shipped);
    const step = (m: Seq2SeqSearchModel) => {
      const enc = m.encode(src);
      const s0 = m.initialState(enc);
      const out = m.decodeStep(enc, s0, Int32Array.of(BOS_ID), { attention: true });
      m.disposeState(s0); m.disposeState(out.state); m.disposeEncoded(enc);
      return out;
    };
    const f = step(full), s = step(split);
    const ids = Array.from(s.columnIds!);
    const logZ = Math.log(ids.reduce((acc, id) => acc + Math.exp(f.logProbs[id]), 0));
    ids.forEach((id, col) => expect(s.logProbs[col]).toBeCloseTo(f.logProbs[id] - logZ, 4));
    Array.from(f.attention!).forEach((v, i) => expect(s.attention![i]).toBeCloseTo(v, 5));
    split.dispose();
  });

  it('leaks no tensors across sentences and shortlist swaps', () => {
    engine.translate(SENTENCES.slice(0, 1), greedy); // warm-up allocations
    const before = tf.memory().numTensors;
    for (const list of [shipped, undefined, shipped]) {
      engine.useShortlist(list);
      engine.translate(SENTENCES, beam4);
    }
    engine.useShortlist(undefined);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('emits only tokens of the sentence shortlist, greedy and beam', () => {
    engine.useShortlist(shipped);
    try {
      for (const opts of [greedy, beam4]) {
        engine.translate(SENTENCES, opts).forEach((r, i) => {
          const allowed = new Set(Array.from(shipped.columns(engine.vocab.encode(mask(SENTENCES[i]).masked)), (id) => engine.vocab.idToPiece(id)));
          expect(r.nbest.length).toBeGreaterThan(0);
          for (const h of r.nbest) for (const t of h.tokens) if (!t.startsWith('⟨')) expect(allowed.has(t)).toBe(true);
        });
      }
    } finally {
      engine.useShortlist(undefined);
    }
  });
});

describe('loading a model folder with shortlist.json', () => {
  async function folder(name: string, shortlistBytes: Uint8Array, listed: Uint8Array = shortlistBytes): Promise<string> {
    const dir = path.join(tmp, name);
    fs.mkdirSync(dir);
    const manifest = JSON.parse(fs.readFileSync(path.join(MODEL, 'manifest.json'), 'utf8'));
    for (const f of [manifest.tokenizer, 'model.bin']) fs.symlinkSync(path.resolve(MODEL, f), path.join(dir, f));
    fs.writeFileSync(path.join(dir, SHORTLIST_FILE), shortlistBytes);
    manifest.files[SHORTLIST_FILE] = { sha256: await sha256Hex(listed), bytes: listed.length };
    fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
    return dir;
  }
  const bytesOf = (sl: Shortlist) => new TextEncoder().encode(JSON.stringify(sl.toJSON()));

  it('uses the listed shortlist by default and skips it on request', async () => {
    const dir = await folder('ok', bytesOf(shipped));
    const withList = await loadEngine(dir);
    expect(withList.shortlist?.toJSON()).toEqual(shipped.toJSON());
    withList.dispose();
    const without = await loadEngine(dir, 'model.bin', { shortlist: false });
    expect(without.shortlist).toBeUndefined();
    without.dispose();
  });

  it('refuses a shortlist whose bytes differ from the manifest', async () => {
    const good = bytesOf(shipped);
    const bad = good.slice();
    bad[bad.length - 2] ^= 1;
    const dir = await folder('corrupt', bad, good);
    await expect(loadEngine(dir)).rejects.toThrow(/shortlist\.json is corrupt/);
  });

  it('refuses a shortlist built for another tokenizer', async () => {
    const other = Shortlist.fromLists(shipped.vocabSize, 'cd'.repeat(32), shipped.always, []);
    const dir = await folder('other-tokenizer', bytesOf(other));
    await expect(loadEngine(dir)).rejects.toThrow(/built for another tokenizer/);
  });
});
