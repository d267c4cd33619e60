/** manifest.json: SHA-256 helpers, file verification against the manifest, and manifest validation. */
import { describe, expect, it } from 'vitest';
import {
  ManifestError,
  parseManifest,
  sha256Hex,
  verifyFile,
  type WeightsManifest,
} from '../../src/model/storage/manifest.ts';
import { decodeWeightFile, encodeWeightFile } from '../../src/model/storage/weight-file.ts';

const bytesOf = (s: string): Uint8Array => new TextEncoder().encode(s);

const manifestFor = async (files: Record<string, Uint8Array>): Promise<WeightsManifest> => ({
  format: 'edge-mt-manifest',
  version: 1,
  model_id: 'en-es-test',
  created: '2025-01-01T00:00:00Z',
  files: Object.fromEntries(
    await Promise.all(
      Object.entries(files).map(async ([name, b]) => [name, { sha256: await sha256Hex(b), bytes: b.byteLength }]),
    ),
  ),
  dtype: 'int8',
  config: { units: 4 },
  tokenizer: 'tokenizer.json',
  training: { steps: 10 },
  scores: { bleu: 1.5 },
});

const manifestError = async (p: Promise<unknown>): Promise<ManifestError> => {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ManifestError);
  return e as ManifestError;
};

describe('sha256Hex', () => {
  it('matches the published SHA-256 test vectors', async () => {
    expect(await sha256Hex(new Uint8Array(0))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(await sha256Hex(bytesOf('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('hashes only the bytes of a subarray view', async () => {
    const all = bytesOf('xxabcxx');
    expect(await sha256Hex(all.subarray(2, 5))).toBe(await sha256Hex(bytesOf('abc')));
  });
});

describe('verifyFile', () => {
  it('accepts the listed file and decodes it with the manifest hash', async () => {
    const { bytes } = await encodeWeightFile({ w: { shape: [2, 2], data: new Float32Array([1, 2, 3, 4]) } }, {}, 'int8');
    const manifest = await manifestFor({ 'model.emtw': bytes, 'tokenizer.json': bytesOf('{}') });
    await expect(verifyFile('model.emtw', bytes, manifest)).resolves.toBeUndefined();
    const out = await decodeWeightFile(bytes, { expectedSha256: manifest.files['model.emtw'].sha256 });
    expect(out.tensors.w.shape).toEqual([2, 2]);
  });

  it('rejects a file whose content differs from the manifest, naming the file', async () => {
    const manifest = await manifestFor({ 'tokenizer.json': bytesOf('{"a":1}') });
    const err = await manifestError(verifyFile('tokenizer.json', bytesOf('{"a":2}'), manifest));
    expect(err.code).toBe('checksum_mismatch');
    expect(err.message).toMatch(/^file tokenizer\.json is corrupt: its SHA-256 is [0-9a-f]{64}, the manifest says [0-9a-f]{64}$/);
  });

  it('rejects a file of the wrong size before hashing it', async () => {
    const manifest = await manifestFor({ 'tokenizer.json': bytesOf('{}') });
    const err = await manifestError(verifyFile('tokenizer.json', bytesOf('{} '), manifest));
    expect(err.code).toBe('size_mismatch');
    expect(err.message).toBe('file tokenizer.json has 3 bytes, the manifest says 2');
  });

  it('rejects a file the manifest does not list', async () => {
    const manifest = await manifestFor({ 'tokenizer.json': bytesOf('{}') });
    expect((await manifestError(verifyFile('toString', bytesOf(''), manifest))).code).toBe('unknown_file');
  });
});

describe('parseManifest', () => {
  it('accepts a complete manifest and keeps unknown fields', async () => {
    const m = { ...(await manifestFor({ 'tokenizer.json': bytesOf('{}') })), notes: 'extra' };
    const parsed = parseManifest(JSON.parse(JSON.stringify(m)));
    expect(parsed.model_id).toBe('en-es-test');
    expect(parsed.notes).toBe('extra');
  });

  const broken: [string, (m: any) => void, RegExp][] = [
    ['another format', (m) => (m.format = 'other'), /"format" must be "edge-mt-manifest"/],
    ['a future version', (m) => (m.version = 2), /"version" 2 is not supported/],
    ['a missing model_id', (m) => delete m.model_id, /"model_id" must be a string/],
    ['an unknown dtype', (m) => (m.dtype = 'int4'), /"dtype" must be one of/],
    ['a bad file hash', (m) => (m.files['tokenizer.json'].sha256 = 'abc'), /sha256 must be 64 hex digits/],
    ['a negative file size', (m) => (m.files['tokenizer.json'].bytes = -1), /bytes must be a byte count/],
    ['a tokenizer missing from files', (m) => (m.tokenizer = 'vocab.json'), /tokenizer "vocab.json" is not in "files"/],
    ['scores that are not an object', (m) => (m.scores = []), /"scores" must be an object/],
  ];
  for (const [what, edit, message] of broken) {
    it(`rejects ${what}`, async () => {
      const m = JSON.parse(JSON.stringify(await manifestFor({ 'tokenizer.json': bytesOf('{}') })));
      edit(m);
      let err: unknown;
      try {
        parseManifest(m);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ManifestError);
      expect((err as ManifestError).code).toBe('invalid_manifest');
      expect((err as ManifestError).message).toMatch(message);
    });
  }
});
