/**
 * The isolate's model memory budget and what one model costs against it.
 *
 * A Worker isolate may use 128 MB (JS heap plus the tfjs wasm memory, which grows and
 * never shrinks). The models get MODEL_MEMORY_BUDGET_MB of it (default 96 MB), the rest is
 * for the runtime, the app, requests and the transient bytes of a load.
 *
 * A model's cost is known before it is loaded, from its weight file's size in the pointer:
 * COST_PER_WEIGHT_BYTE × model.bin bytes, calibrated on the shipped int8 model (see the
 * README's "Model store" section): two en-es models measured 77.1 MB in workerd (wasm memory
 * 69.2 MB with float32 device tensors and XNNPACK's packed copies, plus 7.9 MB of int8 host
 * embedding tables), i.e. 4.9 × model.bin each with tfjs's own base heap included.
 */
import type { Env } from '../env.ts';
import type { PublishedVersion } from '../store/model-pointer.ts';

export const DEFAULT_MODEL_MEMORY_BUDGET_MB = 96;
/** The hard cap: the isolate limit itself. */
export const MAX_MODEL_MEMORY_BUDGET_MB = 128;
export const COST_PER_WEIGHT_BYTE = 4.7;
/** Fixed part of a model (vocabulary, shortlist, search state). */
export const COST_FIXED_BYTES = 2 * 1024 * 1024;

export function modelMemoryBudget(env: Env): number {
  const raw = Number(env.MODEL_MEMORY_BUDGET_MB);
  const mb = env.MODEL_MEMORY_BUDGET_MB !== undefined && Number.isFinite(raw) && raw > 0 ? Math.min(raw, MAX_MODEL_MEMORY_BUDGET_MB) : DEFAULT_MODEL_MEMORY_BUDGET_MB;
  return Math.round(mb * 1024 * 1024);
}

export function modelCost(version: PublishedVersion): number {
  const weights = version.files['model.bin']?.bytes ?? 0;
  return Math.round(weights * COST_PER_WEIGHT_BYTE) + COST_FIXED_BYTES;
}
