// One configurable encoder-decoder family; the three 2014 papers are presets of it.
export type CellType = 'gru' | 'lstm';
export type AttentionType = 'none' | 'additive' | 'dot' | 'general';
export type BridgeType = 'linear' | 'copy' | 'zero';

export interface ModelConfig {
  encoderCell: CellType;
  decoderCell: CellType;
  embeddingSize: number;
  /** Hidden size of the decoder and of each encoder direction. */
  hiddenSize: number;
  encoderLayers: number;
  decoderLayers: number;
  bidirectional: boolean;
  /** Sutskever et al.: read the source backwards. Alignments are still reported in source order. */
  reverseSource: boolean;
  /** Bahdanau (additive) or Luong (dot, general) scores; 'none' for the fixed-context models. */
  attention: AttentionType;
  attentionSize: number;
  /** Without attention: feed the encoder summary c to every decoder step and to the output (Cho et al.). */
  feedContext: boolean;
  /** How the encoder's final state starts the decoder. 'copy' hands each layer's state over (Sutskever). */
  bridge: BridgeType;
  dropout: number;
  sourceVocabSize: number;
  targetVocabSize: number;
}

export type PresetName = 'cho2014' | 'sutskever2014' | 'bahdanau2014';
export type ArchitectureConfig = Omit<ModelConfig, 'sourceVocabSize' | 'targetVocabSize'>;

/**
 * Scaled to what two CPU cores train in minutes. What differs from the papers: sizes (1000-dim
 * GRUs, 4x1000 LSTMs, 620-dim embeddings there), no maxout readout, Adam instead of
 * SGD/Adadelta, and dot/general attention use Bahdanau's step order (query = previous state).
 */
// What the three presets share: sizes for two CPU cores, and the single-layer GRU the two GRU
// papers use; each preset states what makes it that paper.
const SMALL = { embeddingSize: 64, hiddenSize: 128, dropout: 0.1, reverseSource: false, bridge: 'linear' } as const;
const GRU_1 = { encoderCell: 'gru', decoderCell: 'gru', encoderLayers: 1, decoderLayers: 1 } as const;

export const PRESETS: Record<PresetName, ArchitectureConfig> = {
  // Cho et al. 2014: GRU encoder-decoder; the summary c conditions every decoder step and output.
  cho2014: { ...SMALL, ...GRU_1, bidirectional: false, attention: 'none', attentionSize: 0, feedContext: true },
  // Sutskever et al. 2014: deep LSTMs, reversed source, state handed over layer by layer.
  sutskever2014: {
    ...SMALL,
    encoderCell: 'lstm',
    decoderCell: 'lstm',
    encoderLayers: 2,
    decoderLayers: 2,
    bidirectional: false,
    reverseSource: true,
    attention: 'none',
    attentionSize: 0,
    feedContext: false,
    bridge: 'copy',
  },
  // Bahdanau et al. 2014: bidirectional GRU encoder, additive attention, soft alignments.
  bahdanau2014: {
    ...SMALL,
    ...GRU_1,
    bidirectional: true,
    attention: 'additive',
    attentionSize: 128,
    feedContext: false,
  },
};

export const PRESET_NAMES = Object.keys(PRESETS) as PresetName[];

export function presetConfig(name: string): ArchitectureConfig {
  if (!(name in PRESETS)) throw new Error(`Unknown preset "${name}". Choose one of: ${PRESET_NAMES.join(', ')}.`);
  return { ...PRESETS[name as PresetName] };
}

/** Width of one encoder output vector (both directions). */
export function encoderOutputSize(c: ModelConfig): number {
  return c.hiddenSize * (c.bidirectional ? 2 : 1);
}

/** Width of the context vector fed to the decoder, 0 when there is none. */
export function contextSize(c: ModelConfig): number {
  return c.attention !== 'none' || c.feedContext ? encoderOutputSize(c) : 0;
}

const positive = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n > 0;

/** Throws an Error naming every problem with the configuration. */
export function validateConfig(c: ModelConfig): ModelConfig {
  const problems: string[] = [];
  const oneOf = (key: keyof ModelConfig, allowed: readonly string[]) => {
    if (!allowed.includes(c[key] as string))
      problems.push(`${key} must be one of ${allowed.join('/')}, got ${JSON.stringify(c[key])}`);
  };
  oneOf('encoderCell', ['gru', 'lstm']);
  oneOf('decoderCell', ['gru', 'lstm']);
  oneOf('attention', ['none', 'additive', 'dot', 'general']);
  oneOf('bridge', ['linear', 'copy', 'zero']);
  for (const key of [
    'embeddingSize',
    'hiddenSize',
    'encoderLayers',
    'decoderLayers',
    'sourceVocabSize',
    'targetVocabSize',
  ] as const) {
    if (!positive(c[key])) problems.push(`${key} must be a positive integer, got ${JSON.stringify(c[key])}`);
  }
  if (c.attention === 'additive' && !positive(c.attentionSize))
    problems.push('additive attention needs attentionSize > 0');
  if (c.attention === 'dot' && encoderOutputSize(c) !== c.hiddenSize) {
    problems.push(
      'dot attention needs encoder outputs as wide as the decoder state: use a unidirectional encoder or "general"',
    );
  }
  if (
    c.bridge === 'copy' &&
    (c.bidirectional || c.encoderLayers !== c.decoderLayers || c.encoderCell !== c.decoderCell)
  ) {
    problems.push(
      'bridge "copy" needs a unidirectional encoder with the same cell type and layer count as the decoder',
    );
  }
  if (!(typeof c.dropout === 'number' && c.dropout >= 0 && c.dropout < 1)) problems.push('dropout must be in [0, 1)');
  if (problems.length) throw new Error(`Invalid model configuration: ${problems.join('; ')}.`);
  return c;
}
