/**
 * The versioned binary weight file (".emtw"), llama2.c-style: a fixed preamble,
 * a JSON header, then the raw tensor data. All integers are little-endian.
 *
 *   offset  size  field
 *   0       4     magic, ASCII "EMTW"
 *   4       4     uint32 format version (1)
 *   8       4     uint32 header length H in bytes
 *   12      32    SHA-256 of the header bytes [44, 44+H)
 *   44      H     header: UTF-8 JSON, right-padded with spaces so that 44+H is a multiple of 16
 *   44+H    D     data section, D = header.data_bytes; the file is exactly 44+H+D bytes
 *
 * Header JSON: { format_version: 1, dtype: 'int8'|'float16'|'float32', config: {...},
 *   data_bytes, data_sha256 (hex SHA-256 of the whole data section, padding included),
 *   tensors: [{ name, shape, dtype, offset, byteLength, scaleOffset?, channelAxis?, maxAbsError, rmsError }] }
 * `offset` and `scaleOffset` are relative to the data section start and multiples of 16;
 * gaps between arrays are zero bytes. Tensor payloads are row-major:
 *   float32: 4-byte IEEE floats; float16: 2-byte IEEE halves;
 *   int8: one signed byte per element, plus shape[channelAxis] float32 scales at scaleOffset
 *         (x = q * scale[channel]).
 * Rank < 2 tensors are always float32 (see quantize.ts for the channel-axis rule).
 *
 * Loading verifies everything before use: magic, version, header bounds, the header
 * SHA-256, the JSON and its fields, every tensor's bounds, the exact file size,
 * the data SHA-256, and optionally the SHA-256 of the whole file (from the manifest).
 * Any single changed byte is rejected with one WeightFileError.
 *
 * Pure TypeScript, no Node modules: runs in Node and in the Worker.
 */
import {
  WEIGHT_DTYPES,
  defaultChannelAxis,
  dequantizeFloat16,
  dequantizeInt8,
  elementCount,
  quantizationError,
  quantizeFloat16,
  quantizeInt8,
  storageDtypeFor,
  type WeightDtype,
} from './quantize.ts';
import { sha256, toHex } from './manifest.ts';

export const WEIGHT_FILE_MAGIC = 'EMTW';
export const WEIGHT_FILE_VERSION = 1;
/** Byte size of magic + version + header length + header SHA-256. */
export const PREAMBLE_BYTES = 44;
/** Alignment of the data section and of every array in it. */
export const TENSOR_ALIGNMENT = 16;
/** Upper bound on the JSON header size accepted when loading. */
export const MAX_HEADER_BYTES = 16 * 1024 * 1024;

export type WeightFileErrorCode =
  | 'bad_magic'
  | 'unsupported_version'
  | 'truncated'
  | 'trailing_data'
  | 'corrupt_header'
  | 'checksum_mismatch'
  | 'invalid_input';

/** Any reason a weight file cannot be written or loaded; `message` is one line for the user. */
export class WeightFileError extends Error {
  readonly code: WeightFileErrorCode;
  constructor(code: WeightFileErrorCode, message: string) {
    super(message);
    this.name = 'WeightFileError';
    this.code = code;
  }
}

export interface InputTensor {
  shape: number[];
  data: Float32Array;
  /** Int8 channel axis; defaults to `defaultChannelAxis(name, shape)`. */
  channelAxis?: number;
}

export interface TensorReport {
  name: string;
  shape: number[];
  dtype: WeightDtype;
  /** Stored bytes: payload plus int8 scales. */
  bytes: number;
  maxAbsError: number;
  rmsError: number;
}

export interface HeaderTensor {
  name: string;
  shape: number[];
  dtype: WeightDtype;
  offset: number;
  byteLength: number;
  scaleOffset?: number;
  channelAxis?: number;
  maxAbsError: number;
  rmsError: number;
}

export interface WeightFileHeader {
  format_version: number;
  dtype: WeightDtype;
  config: Record<string, unknown>;
  data_bytes: number;
  data_sha256: string;
  tensors: HeaderTensor[];
}

export interface DecodedWeights {
  config: Record<string, unknown>;
  dtype: WeightDtype;
  /**
   * Dequantized float32 tensors by name. Float32-stored tensors may be views into the input
   * bytes. Int8-stored ones also carry their codes (a view into the input bytes) and scales,
   * for consumers that keep them in int8 (data[i] = q[i] * scales[channel] exactly).
   */
  tensors: Record<string, { shape: number[]; data: Float32Array; int8?: { q: Int8Array; scales: Float32Array; channelAxis: number } }>;
  /** Per-tensor storage and error figures, as recorded by the writer. */
  report: TensorReport[];
}

const BYTES_PER_ELEMENT: Record<WeightDtype, number> = { int8: 1, float16: 2, float32: 4 };
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const alignUp = (n: number): number => Math.ceil(n / TENSOR_ALIGNMENT) * TENSOR_ALIGNMENT;
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

const toReport = (t: HeaderTensor): TensorReport => ({
  name: t.name,
  shape: t.shape,
  dtype: t.dtype,
  bytes: t.byteLength + (t.dtype === 'int8' ? 4 * t.shape[t.channelAxis!] : 0),
  maxAbsError: t.maxAbsError,
  rmsError: t.rmsError,
});

// ---------------------------------------------------------------- writing

interface Planned {
  entry: HeaderTensor;
  payload: Uint8Array;
  scales?: Uint8Array;
}

/** Little-endian bytes of `a`: a view on little-endian hosts, a swapped copy elsewhere. */
const littleEndianBytes = (a: Float32Array | Uint16Array): Uint8Array => {
  if (LITTLE_ENDIAN) return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const out = new Uint8Array(a.byteLength);
  const dv = new DataView(out.buffer);
  if (a instanceof Float32Array) a.forEach((v, i) => dv.setFloat32(i * 4, v, true));
  else a.forEach((v, i) => dv.setUint16(i * 2, v, true));
  return out;
};

function checkInput(name: string, t: InputTensor): void {
  const bad = (what: string): never => {
    throw new WeightFileError('invalid_input', `tensor "${name}": ${what}`);
  };
  if (name.length === 0) bad('the name is empty');
  if (!Array.isArray(t.shape) || !t.shape.every(isCount)) bad(`shape [${String(t.shape)}] is not a list of sizes`);
  if (!(t.data instanceof Float32Array)) bad('data is not a Float32Array');
  const n = elementCount(t.shape);
  if (t.data.length !== n) bad(`data has ${t.data.length} values, shape [${t.shape.join(', ')}] needs ${n}`);
  const i = t.data.findIndex((v) => !Number.isFinite(v));
  if (i >= 0) bad(`value ${t.data[i]} at index ${i} is not finite`);
}

function planTensor(name: string, t: InputTensor, fileDtype: WeightDtype): Planned {
  checkInput(name, t);
  const shape = [...t.shape];
  const dtype = storageDtypeFor(shape, fileDtype);
  const base = { name, shape, dtype, offset: 0 };
  if (dtype === 'int8') {
    const channelAxis = t.channelAxis ?? defaultChannelAxis(name, shape);
    const { q, scales } = quantizeInt8(t.data, shape, channelAxis);
    const err = quantizationError(t.data, dequantizeInt8(q, scales, shape, channelAxis));
    const payload = new Uint8Array(q.buffer, q.byteOffset, q.byteLength);
    return { entry: { ...base, byteLength: q.byteLength, scaleOffset: 0, channelAxis, ...err }, payload, scales: littleEndianBytes(scales) };
  }
  if (dtype === 'float16') {
    const half = quantizeFloat16(t.data);
    const restored = dequantizeFloat16(half);
    const i = restored.findIndex((v) => !Number.isFinite(v));
    if (i >= 0) {
      throw new WeightFileError(
        'invalid_input',
        `tensor "${name}": value ${t.data[i]} at index ${i} is outside the float16 range (±65504); save as float32`,
      );
    }
    return { entry: { ...base, byteLength: half.byteLength, ...quantizationError(t.data, restored) }, payload: littleEndianBytes(half) };
  }
  return { entry: { ...base, byteLength: t.data.byteLength, maxAbsError: 0, rmsError: 0 }, payload: littleEndianBytes(t.data) };
}

/**
 * Quantizes `tensors` to `dtype` (rank < 2 stays float32) and serializes them with `config`.
 * Deterministic: the same input gives the same bytes. Throws WeightFileError('invalid_input').
 */
export async function encodeWeightFile(
  tensors: Record<string, InputTensor>,
  config: Record<string, unknown>,
  dtype: WeightDtype,
): Promise<{ bytes: Uint8Array; report: TensorReport[] }> {
  if (!WEIGHT_DTYPES.includes(dtype)) throw new WeightFileError('invalid_input', `unknown dtype "${String(dtype)}"`);
  if (!isObject(config)) throw new WeightFileError('invalid_input', 'config must be a plain JSON object');
  const planned = Object.entries(tensors).map(([name, t]) => planTensor(name, t, dtype));
  let dataBytes = 0;
  for (const p of planned) {
    p.entry.offset = dataBytes;
    dataBytes = alignUp(dataBytes + p.payload.byteLength);
    if (p.scales) {
      p.entry.scaleOffset = dataBytes;
      dataBytes = alignUp(dataBytes + p.scales.byteLength);
    }
  }
  const data = new Uint8Array(dataBytes);
  for (const p of planned) {
    data.set(p.payload, p.entry.offset);
    if (p.scales) data.set(p.scales, p.entry.scaleOffset!);
  }
  const header: WeightFileHeader = {
    format_version: WEIGHT_FILE_VERSION,
    dtype,
    config,
    data_bytes: dataBytes,
    data_sha256: toHex(await sha256(data)),
    tensors: planned.map((p) => p.entry),
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const headerBytes = alignUp(PREAMBLE_BYTES + json.byteLength) - PREAMBLE_BYTES;
  const bytes = new Uint8Array(PREAMBLE_BYTES + headerBytes + dataBytes);
  bytes.set(new TextEncoder().encode(WEIGHT_FILE_MAGIC), 0);
  const dv = new DataView(bytes.buffer);
  dv.setUint32(4, WEIGHT_FILE_VERSION, true);
  dv.setUint32(8, headerBytes, true);
  bytes.fill(0x20, PREAMBLE_BYTES, PREAMBLE_BYTES + headerBytes);
  bytes.set(json, PREAMBLE_BYTES);
  bytes.set(await sha256(bytes.subarray(PREAMBLE_BYTES, PREAMBLE_BYTES + headerBytes)), 12);
  bytes.set(data, PREAMBLE_BYTES + headerBytes);
  return { bytes, report: planned.map((p) => toReport(p.entry)) };
}

// ---------------------------------------------------------------- reading

const corrupt = (what: string): never => {
  throw new WeightFileError('corrupt_header', `weights file header is corrupt: ${what}`);
};

const truncated = (expected: string, got: number): never => {
  throw new WeightFileError('truncated', `weights file is truncated: expected ${expected} bytes, got ${got}`);
};

/** Checks one tensor entry of the header against the data section size. */
function checkEntry(t: unknown, dataBytes: number): HeaderTensor {
  if (!isObject(t) || typeof t.name !== 'string' || t.name.length === 0) return corrupt('a tensor has no name');
  const at = `tensor "${t.name}"`;
  const shape = t.shape;
  if (!Array.isArray(shape) || !shape.every(isCount)) corrupt(`${at} has an invalid shape`);
  const dtype = t.dtype as WeightDtype;
  if (!WEIGHT_DTYPES.includes(dtype)) corrupt(`${at} has an unknown dtype`);
  const { offset, byteLength } = t;
  if (!isCount(offset) || offset % TENSOR_ALIGNMENT !== 0) corrupt(`${at} has an invalid offset`);
  const expected = elementCount(shape as number[]) * BYTES_PER_ELEMENT[dtype];
  if (byteLength !== expected) corrupt(`${at} has byteLength ${String(byteLength)}, its shape needs ${expected}`);
  if ((offset as number) + expected > dataBytes) corrupt(`${at} lies outside the data section`);
  if (dtype === 'int8') {
    const { channelAxis, scaleOffset } = t;
    if (!isCount(channelAxis) || channelAxis >= (shape as number[]).length) corrupt(`${at} has an invalid channelAxis`);
    if (!isCount(scaleOffset) || scaleOffset % TENSOR_ALIGNMENT !== 0) corrupt(`${at} has an invalid scaleOffset`);
    const scaleEnd = (scaleOffset as number) + 4 * (shape as number[])[channelAxis as number];
    if (scaleEnd > dataBytes) corrupt(`${at} has scales outside the data section`);
  }
  for (const key of ['maxAbsError', 'rmsError']) {
    const v = t[key];
    if (typeof v !== 'number' || !(v >= 0) || !Number.isFinite(v)) corrupt(`${at} has an invalid ${key}`);
  }
  return t as unknown as HeaderTensor;
}

function parseHeader(json: Uint8Array, version: number): WeightFileHeader {
  let h: unknown;
  try {
    h = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json));
  } catch {
    return corrupt('it is not valid UTF-8 JSON');
  }
  if (!isObject(h)) return corrupt('it is not a JSON object');
  if (h.format_version !== version) corrupt(`format_version ${String(h.format_version)} differs from ${version}`);
  if (!WEIGHT_DTYPES.includes(h.dtype as WeightDtype)) corrupt(`unknown dtype ${String(h.dtype)}`);
  if (!isObject(h.config)) corrupt('config is not an object');
  if (!isCount(h.data_bytes)) corrupt('data_bytes is not a byte count');
  if (typeof h.data_sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(h.data_sha256)) corrupt('data_sha256 is missing');
  if (!Array.isArray(h.tensors)) corrupt('tensors is not a list');
  const names = new Set<string>();
  for (const t of h.tensors as unknown[]) {
    const { name } = checkEntry(t, h.data_bytes as number);
    if (names.has(name)) corrupt(`tensor "${name}" appears twice`);
    names.add(name);
  }
  return h as unknown as WeightFileHeader;
}

/** Float32 values at `at` (little-endian): a view when aligned, else a copy. */
function readFloat32(bytes: Uint8Array, at: number, count: number): Float32Array {
  const abs = bytes.byteOffset + at;
  if (LITTLE_ENDIAN && abs % 4 === 0) return new Float32Array(bytes.buffer, abs, count);
  const dv = new DataView(bytes.buffer, abs, count * 4);
  return Float32Array.from({ length: count }, (_, i) => dv.getFloat32(i * 4, true));
}

function readUint16(bytes: Uint8Array, at: number, count: number): Uint16Array {
  const abs = bytes.byteOffset + at;
  if (LITTLE_ENDIAN && abs % 2 === 0) return new Uint16Array(bytes.buffer, abs, count);
  const dv = new DataView(bytes.buffer, abs, count * 2);
  return Uint16Array.from({ length: count }, (_, i) => dv.getUint16(i * 2, true));
}

function readTensor(data: Uint8Array, t: HeaderTensor): DecodedWeights['tensors'][string] {
  const n = elementCount(t.shape);
  if (t.dtype === 'float32') return { shape: t.shape, data: readFloat32(data, t.offset, n) };
  if (t.dtype === 'float16') return { shape: t.shape, data: dequantizeFloat16(readUint16(data, t.offset, n)) };
  const q = new Int8Array(data.buffer, data.byteOffset + t.offset, n);
  const scales = readFloat32(data, t.scaleOffset!, t.shape[t.channelAxis!]);
  return { shape: t.shape, data: dequantizeInt8(q, scales, t.shape, t.channelAxis!), int8: { q, scales, channelAxis: t.channelAxis! } };
}

/**
 * Verifies and decodes a weight file to float32 tensors. Throws WeightFileError on any defect.
 * `expectedSha256` (hex, e.g. from the manifest) is checked against the whole file.
 */
export async function decodeWeightFile(
  input: Uint8Array | ArrayBuffer,
  opts: { expectedSha256?: string } = {},
): Promise<DecodedWeights> {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  const size = bytes.byteLength;
  if (size < PREAMBLE_BYTES) truncated(`at least ${PREAMBLE_BYTES}`, size);
  const magic = String.fromCharCode(...bytes.subarray(0, 4));
  if (magic !== WEIGHT_FILE_MAGIC) {
    throw new WeightFileError('bad_magic', `not a weights file: it starts with ${JSON.stringify(magic)}, expected "EMTW"`);
  }
  const dv = new DataView(bytes.buffer, bytes.byteOffset, size);
  const version = dv.getUint32(4, true);
  if (version !== WEIGHT_FILE_VERSION) {
    throw new WeightFileError(
      'unsupported_version',
      `weights file format version ${version} is not supported (this build reads version ${WEIGHT_FILE_VERSION})`,
    );
  }
  const headerBytes = dv.getUint32(8, true);
  if (headerBytes === 0 || headerBytes > MAX_HEADER_BYTES || (PREAMBLE_BYTES + headerBytes) % TENSOR_ALIGNMENT !== 0) {
    corrupt(`header length ${headerBytes} is out of bounds`);
  }
  const dataStart = PREAMBLE_BYTES + headerBytes;
  if (size < dataStart) truncated(`at least ${dataStart}`, size);
  const json = bytes.subarray(PREAMBLE_BYTES, dataStart);
  if (toHex(await sha256(json)) !== toHex(bytes.subarray(12, PREAMBLE_BYTES))) corrupt('its SHA-256 does not match');
  const header = parseHeader(json, version);
  const expectedSize = dataStart + header.data_bytes;
  if (size < expectedSize) truncated(String(expectedSize), size);
  if (size > expectedSize) {
    throw new WeightFileError(
      'trailing_data',
      `weights file has ${size - expectedSize} unexpected trailing bytes: expected ${expectedSize} bytes, got ${size}`,
    );
  }
  const data = bytes.subarray(dataStart);
  const dataSha = toHex(await sha256(data));
  if (dataSha !== header.data_sha256) {
    throw new WeightFileError(
      'checksum_mismatch',
      `weights file data is corrupt: its SHA-256 is ${dataSha}, the header says ${header.data_sha256}`,
    );
  }
  if (opts.expectedSha256 !== undefined) {
    const fileSha = toHex(await sha256(bytes));
    if (fileSha !== opts.expectedSha256.toLowerCase()) {
      throw new WeightFileError(
        'checksum_mismatch',
        `weights file SHA-256 is ${fileSha}, expected ${opts.expectedSha256}`,
      );
    }
  }
  const tensors: DecodedWeights['tensors'] = {};
  const report: TensorReport[] = [];
  for (const t of header.tensors) {
    tensors[t.name] = readTensor(data, t);
    report.push(toReport(t));
  }
  return { config: header.config, dtype: header.dtype, tensors, report };
}
