/**
 * Validation and transposition of sacreBLEU-style reference streams: `refs[k][i]` is the
 * k-th reference of segment i. A `null`/`undefined` entry means "no k-th reference for this
 * segment" (sacreBLEU's variable number of references); an empty string is a real (empty)
 * reference, as in sacreBLEU 2.6.0.
 */
export type ReferenceStreams = ReadonlyArray<ReadonlyArray<string | null | undefined>>;

/** Per-segment lists of defined references, after checking that every stream has one line per hypothesis. */
export function referencesBySegment(metric: string, numHyps: number, refs: ReferenceStreams): string[][] {
  if (numHyps === 0) throw new Error(`${metric}: no hypotheses given`);
  if (refs.length === 0) throw new Error(`${metric}: no reference streams given`);
  refs.forEach((stream, k) => {
    if (stream.length !== numHyps) {
      throw new Error(`${metric}: reference stream ${k + 1} has ${stream.length} lines but there are ${numHyps} hypotheses`);
    }
  });
  const segments: string[][] = [];
  for (let i = 0; i < numHyps; i++) {
    const lines = refs.map((stream) => stream[i]).filter((r): r is string => r !== null && r !== undefined);
    if (lines.length === 0) throw new Error(`${metric}: segment ${i + 1} has no reference`);
    segments.push(lines);
  }
  return segments;
}
