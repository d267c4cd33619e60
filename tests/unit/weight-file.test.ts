/** The EMTW weight file: layout, quantize -> save -> load round trips for every dtype, input checks. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  PREAMBLE_BYTES,
  TENSOR_ALIGNMENT,
  WeightFileError,
  decodeWeightFile,
  encodeWeightFile,
  type InputTensor,
} from '../../src/model/storage/weight-file.ts';
import { defaultChannelAxis, type WeightDtype } from '../../src/model/storage/quantize.ts';
import { EmbeddingTable } from '../../src/model/graph/embedding-table.ts';

const range = (n: number, f: (i: number) => number): Float32Array => Float32Array.from({ length: n }, (_, i) => f(i));

const model = (): Record<string, InputTensor> => ({
  'encoder/embedding/embeddings': { shape: [6, 4], data: range(24, (i) => Math.sin(i) * 0.3) },
  'encoder/gru/kernel': { shape: [4, 9], data: range(36, (i) => Math.cos(i * 1.7) * (1 + (i % 9))) },
  'encoder/gru/bias': { shape: [9], data: range(9, (i) => i / 10 - 0.4) },
  'output/scale': { shape: [], data: new Float32Array([0.125]) },
});

const headerOf = (bytes: Uint8Array): Record<string, any> => {
  const len = new DataView(bytes.buffer, bytes.byteOffset).getUint32(8, true);
  return JSON.parse(new TextDecoder().decode(bytes.subarray(PREAMBLE_BYTES, PREAMBLE_BYTES + len)));
};

const expectCode = async (p: Promise<unknown>, code: string): Promise<void> => {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WeightFileError);
  expect((err as WeightFileError).code).toBe(code);
};

describe('weight file layout', () => {
  it('starts with "EMTW", version 1 and a header that ends on a 16-byte boundary', async () => {
    const { bytes } = await encodeWeightFile(model(), { units: 9 }, 'int8');
    expect(String.fromCharCode(...bytes.subarray(0, 4))).toBe('EMTW');
    const dv = new DataView(bytes.buffer);
    expect(dv.getUint32(4, true)).toBe(1);
    const headerLength = dv.getUint32(8, true);
    expect((PREAMBLE_BYTES + headerLength) % TENSOR_ALIGNMENT).toBe(0);
    const header = headerOf(bytes);
    expect(header.format_version).toBe(1);
    expect(header.dtype).toBe('int8');
    expect(header.config).toEqual({ units: 9 });
    expect(bytes.byteLength).toBe(PREAMBLE_BYTES + headerLength + header.data_bytes);
  });

  it('aligns every tensor and scale array to 16 bytes and records the channel axis', async () => {
    const { bytes } = await encodeWeightFile(model(), {}, 'int8');
    const tensors = headerOf(bytes).tensors as any[];
    for (const t of tensors) {
      expect(t.offset % 16).toBe(0);
      if (t.scaleOffset !== undefined) expect(t.scaleOffset % 16).toBe(0);
    }
    const byName = Object.fromEntries(tensors.map((t) => [t.name, t]));
    expect(byName['encoder/embedding/embeddings']).toMatchObject({ dtype: 'int8', channelAxis: 0, byteLength: 24 });
    expect(byName['encoder/gru/kernel']).toMatchObject({ dtype: 'int8', channelAxis: 1, byteLength: 36 });
    expect(byName['encoder/gru/bias']).toMatchObject({ dtype: 'float32', byteLength: 36 });
    expect(byName['encoder/gru/bias'].channelAxis).toBeUndefined();
  });

  it('writes the same bytes for the same input', async () => {
    const a = await encodeWeightFile(model(), { units: 9 }, 'float16');
    const b = await encodeWeightFile(model(), { units: 9 }, 'float16');
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
  });

  it('stores an int8 matrix in about a quarter of its float32 size', async () => {
    const big = { w: { shape: [128, 128], data: range(128 * 128, (i) => Math.sin(i)) } };
    const i8 = await encodeWeightFile(big, {}, 'int8');
    const f16 = await encodeWeightFile(big, {}, 'float16');
    const f32 = await encodeWeightFile(big, {}, 'float32');
    expect(i8.report[0].bytes).toBe(128 * 128 + 128 * 4);
    expect(f16.report[0].bytes).toBe(128 * 128 * 2);
    expect(f32.report[0].bytes).toBe(128 * 128 * 4);
    expect(i8.bytes.byteLength).toBeLessThan(f32.bytes.byteLength * 0.27);
  });
});

describe('encode -> decode', () => {
  it('restores float32 files exactly', async () => {
    const input = model();
    const { bytes, report } = await encodeWeightFile(input, { a: [1, 2] }, 'float32');
    const out = await decodeWeightFile(bytes);
    expect(out.dtype).toBe('float32');
    expect(out.config).toEqual({ a: [1, 2] });
    for (const [name, t] of Object.entries(input)) {
      expect(out.tensors[name].shape).toEqual(t.shape);
      expect(Array.from(out.tensors[name].data)).toEqual(Array.from(t.data));
    }
    expect(report.every((r) => r.maxAbsError === 0 && r.rmsError === 0)).toBe(true);
  });

  it('keeps vectors and scalars exact in int8 and float16 files', async () => {
    for (const dtype of ['int8', 'float16'] as const) {
      const out = await decodeWeightFile((await encodeWeightFile(model(), {}, dtype)).bytes);
      expect(Array.from(out.tensors['encoder/gru/bias'].data)).toEqual(Array.from(model()['encoder/gru/bias'].data));
      expect(out.tensors['output/scale']).toEqual({ shape: [], data: new Float32Array([0.125]) });
    }
  });

  it('honours an explicit channel axis', async () => {
    const t = { 'dense/kernel': { shape: [2, 3], data: range(6, (i) => i + 1), channelAxis: 0 } };
    const { bytes } = await encodeWeightFile(t, {}, 'int8');
    expect(headerOf(bytes).tensors[0].channelAxis).toBe(0);
    const out = await decodeWeightFile(bytes);
    expect(out.tensors['dense/kernel'].data[2]).toBeCloseTo(3, 6); // row max of row 0 is exact
    expect(out.tensors['dense/kernel'].data[5]).toBeCloseTo(6, 6);
  });

  it('accepts an ArrayBuffer and an unaligned Uint8Array view', async () => {
    const { bytes } = await encodeWeightFile(model(), {}, 'float32');
    const shifted = new Uint8Array(bytes.byteLength + 1);
    shifted.set(bytes, 1);
    const fromView = await decodeWeightFile(shifted.subarray(1));
    const fromBuffer = await decodeWeightFile(bytes.slice().buffer);
    const expected = Array.from(model()['encoder/gru/kernel'].data);
    expect(Array.from(fromView.tensors['encoder/gru/kernel'].data)).toEqual(expected);
    expect(Array.from(fromBuffer.tensors['encoder/gru/kernel'].data)).toEqual(expected);
  });

  it('returns float32 tensors as views into an aligned input without copying', async () => {
    const { bytes } = await encodeWeightFile(model(), {}, 'float32');
    const out = await decodeWeightFile(bytes);
    expect(out.tensors['encoder/gru/kernel'].data.buffer).toBe(bytes.buffer);
  });

  it('decodes empty tensors', async () => {
    const { bytes } = await encodeWeightFile({ e: { shape: [0, 4], data: new Float32Array(0) } }, {}, 'int8');
    const out = await decodeWeightFile(bytes);
    expect(out.tensors.e.shape).toEqual([0, 4]);
    expect(out.tensors.e.data).toEqual(new Float32Array(0));
    expect(out.tensors.e.int8?.q).toEqual(new Int8Array(0));
  });

  const tensorArb = fc
    .array(fc.integer({ min: 0, max: 5 }), { minLength: 0, maxLength: 3 })
    .chain((shape) => {
      const n = shape.reduce((a, b) => a * b, 1);
      return fc.record({
        shape: fc.constant(shape),
        data: fc.float32Array({ noNaN: true, noDefaultInfinity: true, min: -1000, max: 1000, minLength: n, maxLength: n }),
      });
    });
  const modelArb = fc.dictionary(
    fc.oneof(fc.constantFrom('embedding', 'dec/embedding/embeddings', 'kernel', 'gru/recurrent_kernel'), fc.string({ minLength: 1, maxLength: 8 })),
    tensorArb,
    { minKeys: 1, maxKeys: 4 },
  );

  /** Independent per-element bound: int8 half a channel scale, float16 half an ulp. */
  const bound = (name: string, t: { shape: number[]; data: Float32Array }, dtype: WeightDtype, i: number): number => {
    if (dtype === 'float32' || t.shape.length < 2) return 0;
    if (dtype === 'float16') return Math.max(Math.abs(t.data[i]) * 2 ** -11, 2 ** -25);
    const axis = defaultChannelAxis(name, t.shape);
    const inner = t.shape.slice(axis + 1).reduce((a, b) => a * b, 1);
    const channel = (j: number): number => Math.floor(j / inner) % t.shape[axis];
    let maxAbs = 0;
    t.data.forEach((v, j) => {
      if (channel(j) === channel(i)) maxAbs = Math.max(maxAbs, Math.abs(v));
    });
    const scale = Math.max(maxAbs / 127, 2 ** -126);
    return scale / 2 + maxAbs * 2 ** -22;
  };

  for (const dtype of ['int8', 'float16', 'float32'] as const) {
    it(`round-trips any ${dtype} model within its dtype's tolerance and reports the true error`, async () => {
      await fc.assert(
        fc.asyncProperty(modelArb, async (tensors) => {
          const { bytes, report } = await encodeWeightFile(tensors, { dtype, n: 1 }, dtype);
          const out = await decodeWeightFile(bytes);
          expect(out.dtype).toBe(dtype);
          expect(out.config).toEqual({ dtype, n: 1 });
          expect(Object.keys(out.tensors)).toEqual(Object.keys(tensors));
          for (const r of report) {
            const original = tensors[r.name];
            const restored = out.tensors[r.name];
            expect(restored.shape).toEqual(original.shape);
            let maxErr = 0;
            for (let i = 0; i < original.data.length; i++) {
              const err = Math.abs(original.data[i] - restored.data[i]);
              maxErr = Math.max(maxErr, err);
              if (err > bound(r.name, original, dtype, i)) {
                expect.fail(`${r.name}[${i}]: ${original.data[i]} came back as ${restored.data[i]}`);
              }
            }
            expect(r.maxAbsError).toBe(maxErr);
          }
          expect(out.report).toEqual(report);
        }),
        { numRuns: 150 },
      );
    });
  }
});

describe('encodeWeightFile input checks', () => {
  it('rejects data whose length does not match the shape', async () => {
    await expectCode(encodeWeightFile({ w: { shape: [2, 3], data: new Float32Array(5) } }, {}, 'int8'), 'invalid_input');
  });

  it('rejects NaN and infinite weights, naming the tensor', async () => {
    const p = encodeWeightFile({ 'dense/kernel': { shape: [2], data: new Float32Array([1, NaN]) } }, {}, 'float32');
    await expect(p).rejects.toThrow(/tensor "dense\/kernel": value NaN at index 1 is not finite/);
    await expectCode(encodeWeightFile({ w: { shape: [1], data: new Float32Array([Infinity]) } }, {}, 'int8'), 'invalid_input');
  });

  it('rejects a matrix value beyond the float16 range in a float16 file', async () => {
    const p = encodeWeightFile({ w: { shape: [1, 2], data: new Float32Array([1, 70000]) } }, {}, 'float16');
    await expect(p).rejects.toThrow(/outside the float16 range/);
  });

  it('rejects an unknown dtype and a non-object config', async () => {
    await expectCode(encodeWeightFile(model(), {}, 'int4' as WeightDtype), 'invalid_input');
    await expectCode(encodeWeightFile(model(), [] as unknown as Record<string, unknown>, 'int8'), 'invalid_input');
  });
});

describe('int8 codes exposed by decodeWeightFile', () => {
  it('dequantize to exactly the decoded float32 data, per row for embeddings', async () => {
    const data = Float32Array.from({ length: 6 * 5 }, (_, i) => Math.sin(i * 1.7) * (1 + (i % 5)));
    const { bytes } = await encodeWeightFile({ src_embedding: { shape: [6, 5], data } }, {}, 'int8');
    const t = (await decodeWeightFile(bytes)).tensors.src_embedding;
    expect(t.int8!.channelAxis).toBe(0);
    expect(t.int8!.scales).toHaveLength(6);
    const table = EmbeddingTable.fromInt8(t.int8!.q, t.int8!.scales, 6, 5);
    expect(table.lookup([0, 1, 2, 3, 4, 5])).toEqual(t.data);
    expect(table.bytes).toBe(6 * 5 + 6 * 4);
  });

  it('are absent for float32 and float16 files', async () => {
    for (const dtype of ['float32', 'float16'] as const) {
      const { bytes } = await encodeWeightFile({ w: { shape: [2, 2], data: Float32Array.of(1, 2, 3, 4) } }, {}, dtype);
      expect((await decodeWeightFile(bytes)).tensors.w.int8).toBeUndefined();
    }
  });
});
