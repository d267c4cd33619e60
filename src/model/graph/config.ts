/**
 * The typed configuration of the attention Seq2Seq model. It is saved with every
 * checkpoint and every exported weight file, so a model can always be rebuilt from it.
 */
export type CellType = 'gru' | 'lstm';
export type AttentionType = 'bahdanau' | 'luong-general' | 'luong-dot';
export type InitType = 'glorot' | 'he';

export interface ModelConfig {
  /** Size of the source subword vocabulary (joint BPE: same as tgtVocabSize). */
  srcVocabSize: number;
  /** Size of the target subword vocabulary = width of the output layer. */
  tgtVocabSize: number;
  /** Width of the source and target embeddings. */
  embDim: number;
  /** Recurrent cell of encoder and decoder. */
  cell: CellType;
  /** Hidden size of each encoder direction (encoder outputs are 2 * encHidden wide). */
  encHidden: number;
  /** Number of stacked bidirectional encoder layers. */
  encLayers: number;
  /** Hidden size of the (single-layer) decoder. */
  decHidden: number;
  /** Attention score: additive (Bahdanau 2015) or multiplicative (Luong 2015 general/dot). */
  attention: AttentionType;
  /** Width of the additive attention's hidden layer (bahdanau only). */
  attnDim: number;
  /** Width of the readout layer tanh(W [s; c; emb]) that feeds the output softmax. */
  outDim: number;
  /** Share the output matrix with the target embedding (requires outDim === embDim). */
  tieOutput: boolean;
  /** Dropout rate on embeddings, encoder outputs and the readout (training only). */
  dropout: number;
  /** Initialisation of non-recurrent matrices; recurrent kernels are always orthogonal. */
  init: InitType;
}

/** The default en→es configuration, as shipped (7.7M parameters at an 8000-word vocabulary, output tied). */
export const DEFAULT_CONFIG: ModelConfig = {
  srcVocabSize: 8000,
  tgtVocabSize: 8000,
  embDim: 256,
  cell: 'gru',
  encHidden: 256,
  encLayers: 1,
  decHidden: 512,
  attention: 'bahdanau',
  attnDim: 256,
  outDim: 256,
  tieOutput: true,
  dropout: 0.2,
  init: 'glorot',
};

/** Checks a config and returns it complete; throws one clear message on the first problem. */
export function resolveConfig(partial: Partial<ModelConfig>): ModelConfig {
  const c: ModelConfig = { ...DEFAULT_CONFIG, ...partial };
  const positive = ['srcVocabSize', 'tgtVocabSize', 'embDim', 'encHidden', 'encLayers', 'decHidden', 'attnDim', 'outDim'] as const;
  for (const k of positive) {
    if (!Number.isInteger(c[k]) || c[k] <= 0) throw new Error(`model config: ${k} must be a positive integer, got ${c[k]}`);
  }
  if (c.cell !== 'gru' && c.cell !== 'lstm') throw new Error(`model config: cell must be "gru" or "lstm", got ${c.cell}`);
  if (!['bahdanau', 'luong-general', 'luong-dot'].includes(c.attention)) throw new Error(`model config: unknown attention ${c.attention}`);
  if (c.attention === 'luong-dot' && c.decHidden !== 2 * c.encHidden) {
    throw new Error('model config: luong-dot attention needs decHidden === 2 * encHidden');
  }
  if (c.tieOutput && c.outDim !== c.embDim) throw new Error('model config: tieOutput needs outDim === embDim');
  if (!(c.dropout >= 0 && c.dropout < 1)) throw new Error(`model config: dropout must be in [0, 1), got ${c.dropout}`);
  if (c.init !== 'glorot' && c.init !== 'he') throw new Error(`model config: init must be "glorot" or "he", got ${c.init}`);
  return c;
}
