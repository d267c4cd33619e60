/**
 * The engine's decoding features on the shipped weights (real wasm backend): placeholders
 * and shortcuts come back exactly once, multi-sentence texts are translated sentence by
 * sentence and rejoined with their own whitespace (n-best and attention composed as
 * compose-text.ts documents), glossary terms are forced, and every result has a confidence.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TranslationEngine } from '../../src/model/engine.ts';
import { findPlaceholders, placeholdersIntact } from '../../src/model/text/placeholders.ts';
import { loadEngine } from '../../tools/load-engine.ts';
import { initBackend } from '../../src/backend/node-wasm.ts';

let engine: TranslationEngine;
beforeAll(async () => {
  await initBackend('wasm');
  engine = await loadEngine('weights/en-es');
}, 60_000);

const placeholders = (s: string) => findPlaceholders(s).map((f) => f.text).sort();
const greedy = { beam: 1, nbest: 1, alpha: 1, attention: false };
const beam4 = { beam: 4, nbest: 1, alpha: 1, attention: false };

describe('engine features (shipped weights, wasm)', () => {
  it('keeps every placeholder of the webmail strings exactly once, greedy and beam', () => {
    const texts = ['Failed to add recipient "$to" ($msg)', 'A new identity was created for $identity.', 'Press Ctrl+S to save your work.', 'Copy %1$s to %2$s in {folder}', 'Press Alt+F4 or Ctrl+Shift+Z, then F1.'];
    for (const opts of [greedy, beam4]) {
      engine.translate(texts, opts).forEach((r, i) => expect(placeholders(r.translation), `${texts[i]} → ${r.translation}`).toEqual(placeholders(texts[i])));
    }
    expect(engine.translate(['Press Ctrl+S to save'], beam4)[0].translation).toContain('Ctrl+S');
  });

  it('never glues a placeholder slot to literal text that changes what it parses as (greedy and beam)', () => {
    // Sources with numbers next to glued number forms and $variables near bars, where a model can
    // emit a slot beside a literal digit or bar; the engine then takes the best intact hypothesis.
    const texts = ['Unknown Quattro2-4-6 file', 'Load 3d model 2 of 7', 'road=A|B|C main=$city{!} of $city', 'Version 1-2 of 12th build', 'Player 2p vs 3p: turn 5',
      '<html><head/><body><p>These mirrors need a password. Ask the site for one and type it here:</p></body></html>', 'Task <task>%3</task> failed'];
    for (const opts of [greedy, beam4]) {
      engine.translate(texts, opts).forEach((r, i) => expect(placeholdersIntact(texts[i], r.translation), `${texts[i]} → ${r.translation}`).toBe(true));
    }
  });

  it('translates sentence by sentence and rejoins with the original whitespace and line breaks', () => {
    const text = 'Use a format, e.g. PNG.  Ask Dr. Smith about v2.0.1.\nSave %s first. Then press Ctrl+S.';
    const [whole] = engine.translate([text], beam4);
    const parts = ['Use a format, e.g. PNG.', 'Ask Dr. Smith about v2.0.1.', 'Save %s first.', 'Then press Ctrl+S.'];
    const each = engine.translate(parts, beam4).map((r) => r.translation);
    expect(whole.translation).toBe(`${each[0]}  ${each[1]}\n${each[2]} ${each[3]}`);
    expect(placeholders(whole.translation)).toEqual(placeholders(text));
    expect(whole.translation).toContain('v2.0.1');
  });

  it('composes n-best (alternatives differ from the best in one sentence) and block-diagonal attention', () => {
    const text = 'Open the file. Close the window.';
    const [r] = engine.translate([text], { beam: 4, nbest: 3, alpha: 1, attention: true });
    const [a, b] = engine.translate(['Open the file.', 'Close the window.'], { beam: 4, nbest: 3, alpha: 1, attention: true });
    expect(r.nbest[0].text).toBe(`${a.translation} ${b.translation}`);
    expect(r.nbest[0].score).toBeCloseTo(a.nbest[0].score + b.nbest[0].score, 6);
    for (const alt of r.nbest.slice(1)) {
      const ok = a.nbest.slice(1).some((x) => alt.text === `${x.text} ${b.translation}`) || b.nbest.slice(1).some((x) => alt.text === `${a.translation} ${x.text}`);
      expect(ok, alt.text).toBe(true);
    }
    const att = r.attention!;
    const sa = a.attention!.sourceTokens.length;
    expect(att.sourceTokens).toEqual([...a.attention!.sourceTokens, ...b.attention!.sourceTokens]);
    expect(att.targetTokens).toEqual([...a.attention!.targetTokens, ...b.attention!.targetTokens]);
    att.weights.forEach((row, t) => {
      const own = t < a.attention!.targetTokens.length ? [0, sa] : [sa, att.sourceTokens.length];
      row.forEach((w, s) => { if (s < own[0] || s >= own[1]) expect(w).toBe(0); });
    });
  });

  it('forces glossary terms: targets, plurals and do-not-translate names', () => {
    const glossary = [{ source: 'file', target: 'fichero' }, { source: 'GNOME', target: 'GNOME' }, { source: 'folder', target: 'directorio' }];
    const [r] = engine.translate(['Open the files in the GNOME folder'], { ...beam4, glossary });
    expect(r.translation).toContain('ficheros');
    expect(r.translation).toContain('GNOME');
    expect(r.translation).toContain('directorio');
    const [plain] = engine.translate(['Open the files in the GNOME folder'], beam4);
    expect(plain.translation).not.toContain('fichero');
  });

  it('gives every translation a confidence in [0, 1], also for empty and multi-sentence texts', () => {
    const rs = engine.translate(['Open the file', '', 'Open it. Close it.', 'xq zzv blorf'], beam4);
    for (const r of rs) {
      expect(r.confidence).toBeGreaterThanOrEqual(0);
      expect(r.confidence).toBeLessThanOrEqual(1);
    }
    expect(rs[0].confidence).toBeGreaterThan(rs[3].confidence!);
  });

  it('leaks no tensors', () => {
    engine.translate(['warm up. Twice.'], beam4);
    const before = tf.memory().numTensors;
    engine.translate(['Open the file. Then save it as %s.', 'Press F1'], { beam: 3, nbest: 2, alpha: 1, attention: true, glossary: [{ source: 'file', target: 'fichero' }] });
    expect(tf.memory().numTensors).toBe(before);
  });
});
