/**
 * Output-bias initialisation to the log unigram distribution of the training targets
 * (add-½ smoothed, </s> included). Without it, Adam's first updates drive the whole
 * network (encoder, bridge, readout) to produce the unigram through saturated tanh
 * units, gradients vanish, and training sits on the unigram plateau (measured here: a
 * 200-pair memorisation run stuck at loss 5.33 for 150 steps; with the prior it fell
 * to 4.08). With the prior, the bias models the unigram from step 0.
 */
import { EOS_ID } from '../../src/model/text/special-tokens.ts';
import type { EncodedPair } from './batches.ts';

export function unigramLogPrior(pairs: readonly EncodedPair[], vocabSize: number): Float32Array {
  const counts = new Float64Array(vocabSize).fill(0.5);
  let total = 0.5 * vocabSize;
  for (const p of pairs) {
    for (const t of p.tgt) counts[t]++;
    counts[EOS_ID]++;
    total += p.tgt.length + 1;
  }
  return Float32Array.from(counts, (c) => Math.log(c / total));
}
