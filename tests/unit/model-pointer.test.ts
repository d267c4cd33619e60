/**
 * The model store's pointer: activation keeps the history and at most 20 versions (never
 * dropping the active one), rollback goes to the version active before the current one or
 * to a named published one, and a malformed pointer is rejected with its reason.
 */
import { describe, expect, it } from 'vitest';
import { activate, parsePointer, POINTER_MAX_VERSIONS, rollBack, rollbackTarget, type PublishedVersion } from '../../src/store/model-pointer.ts';

const version = (i: number): PublishedVersion => ({
  published: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(),
  files: { 'manifest.json': { sha256: i.toString(16).padStart(64, '0'), bytes: 100 + i } },
});

describe('model pointer', () => {
  it('activates versions in order and rolls back to the previous one, then to any named one', () => {
    let p = activate(null, 'en-es', 'v1', version(1));
    p = activate(p, 'en-es', 'v2', version(2));
    p = activate(p, 'en-es', 'v3', version(3));
    expect(p).toMatchObject({ active: 'v3', history: ['v1', 'v2', 'v3'] });
    expect(rollbackTarget(p)).toBe('v2');
    p = rollBack(p, 'v2');
    expect(p.active).toBe('v2');
    expect(rollbackTarget(p, 'v1')).toBe('v1');
    expect(() => rollbackTarget(p, 'v9')).toThrow(/^unknown version v9: it is not a published version of en-es \(published: v1, v2, v3\)$/);
    expect(() => rollbackTarget(p, 'v2')).toThrow(/already the active version/);
    expect(() => rollbackTarget(activate(null, 'en-es', 'v1', version(1)))).toThrow(/no earlier version to roll back to/);
  });

  it(`keeps at most ${POINTER_MAX_VERSIONS} versions, dropping the oldest, and survives a JSON round trip`, () => {
    let p = activate(null, 'es-en', 'v0', version(0));
    for (let i = 1; i < POINTER_MAX_VERSIONS + 5; i++) p = activate(p, 'es-en', `v${i}`, version(i));
    expect(Object.keys(p.versions)).toHaveLength(POINTER_MAX_VERSIONS);
    expect(p.versions.v0).toBeUndefined();
    expect(p.history.every((id) => id in p.versions)).toBe(true);
    expect(parsePointer(JSON.stringify(p), 'es-en')).toEqual(p);
  });

  it('rejects malformed pointers with the reason', () => {
    const good = activate(null, 'en-es', 'v1', version(1));
    expect(() => parsePointer('{', 'en-es')).toThrow(/^pointer of en-es is not JSON/);
    expect(() => parsePointer(JSON.stringify(good), 'es-en')).toThrow(/^pointer of es-en is invalid: it names pair "en-es"$/);
    expect(() => parsePointer(JSON.stringify({ ...good, active: 'v9' }), 'en-es')).toThrow(/active version "v9" is not among its versions/);
    const badHash = { ...good, versions: { v1: { ...version(1), files: { 'manifest.json': { sha256: 'xyz', bytes: 1 } } } } };
    expect(() => parsePointer(JSON.stringify(badHash), 'en-es')).toThrow(/file manifest.json of v1 has no sha256\/bytes/);
  });
});
