/**
 * The module rules of wrangler.toml, as the weights loader relies on them (the
 * vitest pool applies the same rules; the wrangler bundle is covered in tests/e2e):
 * `.bin` and every file under a weights/ folder → ArrayBuffer, other JSON → object.
 */
import { describe, expect, it } from 'vitest';
import { weightFileBytes } from '../../src/serving/weight-module.ts';
import plainConfig from './fixtures/plain-config.json';
import manifestModule from './fixtures/weights/tiny/manifest.json';
import weightBytes from './fixtures/weights/tiny/model.bin';

describe('module rules', () => {
  it('imports .bin files as ArrayBuffer (Data)', () => {
    expect(weightBytes).toBeInstanceOf(ArrayBuffer);
    expect(Array.from(new Uint8Array(weightBytes))).toEqual([1, 2, 3, 4]);
  });

  it('imports JSON under weights/ as its exact bytes, parsed only when needed', () => {
    const bytes = weightFileBytes(manifestModule, 'manifest.json');
    expect(new TextDecoder().decode(bytes)).toBe('{"format":"probe","n":3}\n');
    expect(JSON.parse(new TextDecoder().decode(bytes))).toEqual({ format: 'probe', n: 3 });
  });

  it('keeps other JSON imports as objects, which weightFileBytes rejects by name', () => {
    expect(plainConfig).toEqual({ kind: 'plain' });
    expect(() => weightFileBytes(plainConfig, 'plain-config.json')).toThrow(/plain-config\.json was not bundled as bytes \(got object\)/);
  });
});
