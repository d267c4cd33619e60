/**
 * The model variants every inference-graph test covers: each recurrent cell with each
 * attention, one and two encoder layers, tied and untied output layers.
 */
import type { AttentionType, CellType } from '../../src/model/graph/config.ts';

export const MODEL_VARIANTS: readonly { cell: CellType; attention: AttentionType; encLayers: number; tieOutput: boolean }[] = [
  { cell: 'gru', attention: 'bahdanau', encLayers: 1, tieOutput: true },
  { cell: 'gru', attention: 'bahdanau', encLayers: 2, tieOutput: false },
  { cell: 'gru', attention: 'luong-general', encLayers: 1, tieOutput: false },
  { cell: 'gru', attention: 'luong-dot', encLayers: 1, tieOutput: true },
  { cell: 'lstm', attention: 'bahdanau', encLayers: 1, tieOutput: false },
  { cell: 'lstm', attention: 'luong-general', encLayers: 2, tieOutput: true },
  { cell: 'lstm', attention: 'luong-dot', encLayers: 1, tieOutput: false },
];
