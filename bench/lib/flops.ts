/**
 * Floating-point operations of the attention Seq2Seq at a given config (a multiply-add
 * counts 2), derived from the shapes in src/model/graph/seq2seq.ts. Elementwise gate math
 * (sigmoid/tanh/mul of the cells, ~10·H per step) is left out: < 1% of the matmuls.
 */
import type { ModelConfig } from '../../src/model/graph/config.ts';

export interface DecoderStepFlops {
  embeddingProjection: number;
  attention: number;
  contextProjection: number;
  recurrent: number;
  readout: number;
  output: number;
  softmax: number;
  total: number;
}

const gates = (c: ModelConfig) => (c.cell === 'gru' ? 3 : 4);

/** Encoder FLOPs per source token (all layers, both directions, attention keys). */
export function encoderFlopsPerToken(c: ModelConfig): number {
  const g = gates(c), H = c.encHidden, C = 2 * H;
  let f = 0;
  for (let l = 0; l < c.encLayers; l++) f += 2 * (2 * (l === 0 ? c.embDim : C) * g * H + 2 * H * g * H);
  f += c.attention === 'bahdanau' ? 2 * C * c.attnDim : c.attention === 'luong-general' ? 2 * C * c.decHidden : 0;
  return f;
}

/** Once per sentence: the bridge to the decoder's initial state. */
export const bridgeFlops = (c: ModelConfig): number => 2 * 2 * c.encHidden * c.decHidden;

/** One decoder step for one hypothesis row over a source of `srcLen` tokens, scoring `columns` outputs. */
export function decoderStepFlops(c: ModelConfig, srcLen: number, columns = c.tgtVocabSize): DecoderStepFlops {
  const g = gates(c), C = 2 * c.encHidden, D = c.decHidden, S = srcLen;
  const scores = c.attention === 'bahdanau' ? 2 * D * c.attnDim + 4 * S * c.attnDim : 2 * S * (c.attention === 'luong-general' ? D : C);
  const parts = {
    embeddingProjection: 2 * c.embDim * g * D,
    attention: scores + 3 * S + 2 * S * C,
    contextProjection: 2 * C * g * D,
    recurrent: 2 * D * g * D,
    readout: 2 * (D + C + c.embDim) * c.outDim,
    output: 2 * c.outDim * columns,
    softmax: 3 * columns,
  };
  return { ...parts, total: Object.values(parts).reduce((a, b) => a + b, 0) };
}
