/**
 * The fixed split rule of the corpus: FNV-1a 32 of the cleaned English source,
 * `hash % 1000 < 40` → test, `< 60` → dev, otherwise train. Every translation
 * of one source therefore lands in the same split.
 */
import { fnv1a32 } from './fnv1a.ts';

export type SplitName = 'train' | 'dev' | 'test';
export const SPLIT_NAMES: readonly SplitName[] = ['train', 'dev', 'test'];

export function splitOf(en: string): SplitName {
  const bucket = fnv1a32(en) % 1000;
  if (bucket < 40) return 'test';
  if (bucket < 60) return 'dev';
  return 'train';
}
