/**
 * Training checkpoints: one binary file holding the model config, the trainer state and
 * named Float32 tensors (parameters `p/…`, Adam moments `m/…` and `v/…`).
 * Layout: "EMTCKPT1" | uint32 header bytes | JSON header | float32 data (little endian).
 * Written atomically; a truncated or foreign file is rejected with one clear message.
 */
import fs from 'node:fs';
import { writeFileAtomic } from '../../tools/atomic-write.ts';

const MAGIC = 'EMTCKPT1';

export interface CheckpointData<S> {
  config: unknown;
  state: S;
  tensors: Record<string, Float32Array>;
}

export function saveCheckpoint<S>(file: string, ck: CheckpointData<S>): void {
  let offset = 0;
  const entries = Object.entries(ck.tensors).map(([name, data]) => {
    const e = { name, length: data.length, offset };
    offset += data.length * 4;
    return e;
  });
  const header = new TextEncoder().encode(JSON.stringify({ config: ck.config, state: ck.state, tensors: entries, dataBytes: offset }));
  const pre = new Uint8Array(12);
  pre.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(pre.buffer).setUint32(8, header.length, true);
  const chunks = [pre, header, ...Object.values(ck.tensors).map((d) => new Uint8Array(d.buffer, d.byteOffset, d.byteLength))];
  writeFileAtomic(file, chunks);
}

export function loadCheckpoint<S>(file: string): CheckpointData<S> {
  if (!fs.existsSync(file)) throw new Error(`checkpoint not found: ${file}`);
  const buf = fs.readFileSync(file);
  if (buf.length < 12 || buf.subarray(0, 8).toString('latin1') !== MAGIC) throw new Error(`${file} is not a training checkpoint (bad magic)`);
  const hlen = buf.readUInt32LE(8);
  if (12 + hlen > buf.length) throw new Error(`checkpoint ${file} is truncated (header)`);
  const header = JSON.parse(buf.subarray(12, 12 + hlen).toString('utf8'));
  const base = 12 + hlen;
  if (buf.length !== base + header.dataBytes) {
    throw new Error(`checkpoint ${file} is truncated: expected ${base + header.dataBytes} bytes, got ${buf.length}`);
  }
  const tensors: Record<string, Float32Array> = {};
  for (const e of header.tensors as { name: string; length: number; offset: number }[]) {
    const start = base + e.offset;
    tensors[e.name] = new Float32Array(buf.buffer.slice(buf.byteOffset + start, buf.byteOffset + start + e.length * 4));
  }
  return { config: header.config, state: header.state, tensors };
}
