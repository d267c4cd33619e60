/** Loading rejects every damaged weight file: flipped bytes, truncation, extension, bad magic/version/header. */
import { describe, expect, it } from 'vitest';
import {
  PREAMBLE_BYTES,
  WeightFileError,
  decodeWeightFile,
  encodeWeightFile,
} from '../../src/model/storage/weight-file.ts';
import { sha256, sha256Hex } from '../../src/model/storage/manifest.ts';
import type { WeightDtype } from '../../src/model/storage/quantize.ts';

const smallFile = async (dtype: WeightDtype): Promise<Uint8Array> =>
  (
    await encodeWeightFile(
      {
        'enc/embedding': { shape: [3, 4], data: Float32Array.from({ length: 12 }, (_, i) => i / 7 - 0.8) },
        'dec/kernel': { shape: [2, 3], data: new Float32Array([0.5, -1, 2, 0.25, 3, -4]) },
        'dec/bias': { shape: [3], data: new Float32Array([0.1, 0.2, 0.3]) },
      },
      { hidden: 4, vocab: 3 },
      dtype,
    )
  ).bytes;

const headerLength = (bytes: Uint8Array): number => new DataView(bytes.buffer, bytes.byteOffset).getUint32(8, true);

const failure = async (bytes: Uint8Array, opts?: { expectedSha256?: string }): Promise<WeightFileError> => {
  try {
    await decodeWeightFile(bytes, opts);
  } catch (e) {
    if (e instanceof WeightFileError) return e;
    throw new Error(`expected a WeightFileError, got ${String(e)}`);
  }
  throw new Error('the damaged file was accepted');
};

/** Rewrites the header JSON and re-signs it, so that only the header's content is wrong. */
const withHeader = async (bytes: Uint8Array, edit: (h: any) => void): Promise<Uint8Array> => {
  const len = headerLength(bytes);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(PREAMBLE_BYTES, PREAMBLE_BYTES + len)));
  edit(header);
  const json = new TextEncoder().encode(JSON.stringify(header));
  if (json.byteLength > len) throw new Error('edited header does not fit');
  const out = bytes.slice();
  out.fill(0x20, PREAMBLE_BYTES, PREAMBLE_BYTES + len);
  out.set(json, PREAMBLE_BYTES);
  out.set(await sha256(out.subarray(PREAMBLE_BYTES, PREAMBLE_BYTES + len)), 12);
  return out;
};

describe('every single-byte change is rejected', () => {
  for (const dtype of ['int8', 'float16', 'float32'] as const) {
    it(`rejects each flipped byte of a small ${dtype} file with the code of the damaged region`, async () => {
      const bytes = await smallFile(dtype);
      const dataStart = PREAMBLE_BYTES + headerLength(bytes);
      expect(bytes.byteLength).toBeGreaterThan(dataStart + 48);
      for (let i = 0; i < bytes.byteLength; i++) {
        for (const mask of [0x01, 0x80, 0xff]) {
          const damaged = bytes.slice();
          damaged[i] ^= mask;
          const { code } = await failure(damaged);
          const expected =
            i < 4 ? ['bad_magic']
            : i < 8 ? ['unsupported_version']
            : i < 12 ? ['corrupt_header', 'truncated']
            : i < dataStart ? ['corrupt_header']
            : ['checksum_mismatch'];
          if (!expected.includes(code)) expect.fail(`byte ${i} ^ ${mask}: code ${code}, expected ${expected}`);
        }
      }
      await expect(decodeWeightFile(bytes)).resolves.toBeDefined();
    });
  }
});

describe('size checks', () => {
  it('rejects a file truncated by one byte, naming both sizes', async () => {
    const bytes = await smallFile('int8');
    const err = await failure(bytes.subarray(0, bytes.byteLength - 1));
    expect(err.code).toBe('truncated');
    expect(err.message).toBe(
      `weights file is truncated: expected ${bytes.byteLength} bytes, got ${bytes.byteLength - 1}`,
    );
  });

  it('rejects a file truncated to half, and to fewer bytes than the preamble', async () => {
    const bytes = await smallFile('int8');
    expect((await failure(bytes.subarray(0, bytes.byteLength >> 1))).code).toBe('truncated');
    expect((await failure(bytes.subarray(0, 10))).code).toBe('truncated');
    expect((await failure(new Uint8Array(0))).code).toBe('truncated');
  });

  it('rejects a file with extra bytes at the end', async () => {
    const bytes = await smallFile('float16');
    const longer = new Uint8Array(bytes.byteLength + 1);
    longer.set(bytes);
    const err = await failure(longer);
    expect(err.code).toBe('trailing_data');
    expect(err.message).toMatch(/1 unexpected trailing bytes/);
  });
});

describe('preamble checks', () => {
  it('rejects another format by its magic', async () => {
    const bytes = await smallFile('int8');
    bytes.set(new TextEncoder().encode('GGUF'), 0);
    const err = await failure(bytes);
    expect(err.code).toBe('bad_magic');
    expect(err.message).toBe('not a weights file: it starts with "GGUF", expected "EMTW"');
  });

  it('rejects a future format version', async () => {
    const bytes = await smallFile('int8');
    new DataView(bytes.buffer).setUint32(4, 2, true);
    const err = await failure(bytes);
    expect(err.code).toBe('unsupported_version');
    expect(err.message).toMatch(/version 2 is not supported/);
  });

  it('rejects a header length beyond the bound', async () => {
    const bytes = await smallFile('int8');
    new DataView(bytes.buffer).setUint32(8, 0x7ffffff0, true);
    expect((await failure(bytes)).code).toBe('corrupt_header');
  });
});

describe('header content checks (header re-signed, so only its content is wrong)', () => {
  const cases: [string, (h: any) => void][] = [
    ['a tensor outside the data section', (h) => (h.tensors[1].offset = h.data_bytes)],
    ['an unaligned offset', (h) => (h.tensors[0].offset = 1)],
    ['a byteLength that does not fit the shape', (h) => (h.tensors[0].byteLength -= 1)],
    ['int8 scales outside the data section', (h) => (h.tensors[0].scaleOffset = h.data_bytes)],
    ['a channel axis outside the shape', (h) => (h.tensors[0].channelAxis = 2)],
    ['an unknown tensor dtype', (h) => (h.tensors[2].dtype = 'int4')],
    ['a duplicate tensor name', (h) => (h.tensors[0].name = h.tensors[1].name)],
    ['a missing data_sha256', (h) => delete h.data_sha256],
    ['a format_version that differs from the preamble', (h) => (h.format_version = 2)],
    ['a config that is not an object', (h) => (h.config = 'x')],
  ];
  for (const [what, edit] of cases) {
    it(`rejects ${what}`, async () => {
      const err = await failure(await withHeader(await smallFile('int8'), edit));
      expect(err.code).toBe('corrupt_header');
      expect(err.message).toMatch(/^weights file header is corrupt: /);
    });
  }

  it('rejects a header that is not JSON', async () => {
    const bytes = await smallFile('int8');
    bytes[PREAMBLE_BYTES] = 0x7b + 1; // '{' -> '|'
    bytes.set(await sha256(bytes.subarray(PREAMBLE_BYTES, PREAMBLE_BYTES + headerLength(bytes))), 12);
    expect((await failure(bytes)).message).toMatch(/not valid UTF-8 JSON/);
  });

  it('accepts a re-signed header left unchanged (the checks above are not spurious)', async () => {
    await expect(decodeWeightFile(await withHeader(await smallFile('int8'), () => {}))).resolves.toBeDefined();
  });
});

describe('expected SHA-256', () => {
  it('accepts the file whose whole-file hash matches, in either case', async () => {
    const bytes = await smallFile('int8');
    const hex = await sha256Hex(bytes);
    await expect(decodeWeightFile(bytes, { expectedSha256: hex })).resolves.toBeDefined();
    await expect(decodeWeightFile(bytes, { expectedSha256: hex.toUpperCase() })).resolves.toBeDefined();
  });

  it('rejects an intact file that is not the expected one', async () => {
    const a = await smallFile('int8');
    const b = await smallFile('float16');
    const err = await failure(b, { expectedSha256: await sha256Hex(a) });
    expect(err.code).toBe('checksum_mismatch');
    expect(err.message).toMatch(/^weights file SHA-256 is [0-9a-f]{64}, expected [0-9a-f]{64}$/);
  });
});
