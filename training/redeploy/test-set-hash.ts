/**
 * Identity of an evaluation set: the sha256 of its source and reference lines, so two
 * scores can be compared only when they were measured on exactly the same sentences.
 * `npm run eval` prints it as data.sha256; redeploy records it in the candidate manifest
 * (scores.test.test_set_sha256) and compares it before trusting a manifest's score.
 */
import { createHash } from 'node:crypto';

export function testSetHash(srcs: readonly string[], refs: readonly string[]): string {
  return createHash('sha256').update(JSON.stringify({ src: srcs, ref: refs })).digest('hex');
}
