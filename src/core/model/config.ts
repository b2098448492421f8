// The configuration language of the models: two families, told apart by `kind`. The three 2014
// papers are presets of one configurable RNN encoder-decoder ('rnn'); Vaswani et al. 2017 is the
// Transformer ('transformer'). Each family has its own fields: none is reused with another meaning.
export type ModelKind = 'rnn' | 'transformer';
export const MODEL_KINDS: readonly ModelKind[] = ['rnn', 'transformer'];
export type CellType = 'gru' | 'lstm';
export type AttentionType = 'none' | 'additive' | 'dot' | 'general';
export type BridgeType = 'linear' | 'copy' | 'zero';

export interface RnnArchitecture {
  kind: 'rnn';
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
}

/** A pre-norm Transformer encoder-decoder with sinusoidal positions (see README, "What differs from the papers"). */
export interface TransformerArchitecture {
  kind: 'transformer';
  /** d_model: the width of every layer's input and output, of the embeddings and the positions. */
  modelSize: number;
  /** Attention heads per attention block; each sees modelSize / heads dimensions. */
  heads: number;
  /** d_ff: the inner width of the position-wise feed-forward blocks. */
  feedForwardSize: number;
  encoderLayers: number;
  decoderLayers: number;
  /** On the embeddings (+ positions) and on every sub-layer's output before its residual sum. */
  dropout: number;
  /** The output layer reuses the target embedding (transposed) as its weights (Press & Wolf 2017). */
  tieOutput: boolean;
}

export type ArchitectureConfig = RnnArchitecture | TransformerArchitecture;

/** What the data fixes: the vocabularies. */
interface Vocabularies {
  sourceVocabSize: number;
  targetVocabSize: number;
  /** Source and target share one vocabulary (data option sharedVocabulary); a Transformer then shares one table. */
  sharedVocabulary?: boolean;
}
export type RnnConfig = RnnArchitecture & Vocabularies;
export type TransformerConfig = TransformerArchitecture & Vocabularies;
export type ModelConfig = RnnConfig | TransformerConfig;

// What the RNN presets share: sizes for two CPU cores, and the single-layer GRU the two GRU papers
// use; each preset states what makes it that paper.
const SMALL = {
  kind: 'rnn',
  embeddingSize: 64,
  hiddenSize: 128,
  dropout: 0.1,
  reverseSource: false,
  bridge: 'linear',
} as const;
const GRU_1 = { encoderCell: 'gru', decoderCell: 'gru', encoderLayers: 1, decoderLayers: 1 } as const;

/**
 * Scaled to what two CPU cores train in minutes. What differs from the papers: sizes (1000-dim
 * GRUs, 4x1000 LSTMs, 620-dim embeddings there; d_model 512, 6+6 layers, 8 heads, d_ff 2048 for the
 * Transformer), no maxout readout, Adam instead of SGD/Adadelta (the Transformer used Adam), dot/general
 * attention use Bahdanau's step order (query = previous state), and the Transformer normalises before
 * each sub-layer (pre-norm) where the paper normalised after.
 */
export const PRESETS = {
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
  // Vaswani et al. 2017: self-attention encoder and decoder, multi-head cross-attention.
  vaswani2017: {
    kind: 'transformer',
    modelSize: 256,
    heads: 4,
    feedForwardSize: 1024,
    encoderLayers: 3,
    decoderLayers: 3,
    dropout: 0.1,
    tieOutput: true,
  },
} as const satisfies Record<string, ArchitectureConfig>;

export type PresetName = keyof typeof PRESETS;
export const PRESET_NAMES = Object.keys(PRESETS) as PresetName[];

/** A preset's architecture, as a fresh object. */
export function presetConfig<N extends PresetName>(name: N): (typeof PRESETS)[N];
export function presetConfig(name: string): ArchitectureConfig;
export function presetConfig(name: string): ArchitectureConfig {
  if (!(name in PRESETS)) throw new Error(`Unknown preset "${name}". Choose one of: ${PRESET_NAMES.join(', ')}.`);
  return { ...PRESETS[name as PresetName] };
}

/** The family of a preset; 'auto' sizes an RNN (core/train/auto.ts). */
export function presetKind(name: string): ModelKind {
  return name in PRESETS ? PRESETS[name as PresetName].kind : 'rnn';
}

/** Whether the model reads the source backwards (only Sutskever's RNN does). */
export function readsReversed(c: ArchitectureConfig): boolean {
  return c.kind === 'rnn' && c.reverseSource;
}

/** Whether decoding yields soft alignments over the source: attention RNNs and every Transformer. */
export function hasAlignment(c: ArchitectureConfig): boolean {
  return c.kind === 'transformer' || c.attention !== 'none';
}

/** Width of one encoder output vector (both directions). */
export function encoderOutputSize(c: RnnArchitecture): number {
  return c.hiddenSize * (c.bidirectional ? 2 : 1);
}

/** Width of the context vector fed to the decoder, 0 when there is none. */
export function contextSize(c: RnnArchitecture): number {
  return c.attention !== 'none' || c.feedContext ? encoderOutputSize(c) : 0;
}

const positive = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n > 0;

/** Throws an Error naming every problem with the configuration. */
export function validateConfig<C extends ModelConfig>(c: C): C {
  const problems: string[] = [];
  for (const key of ['encoderLayers', 'decoderLayers', 'sourceVocabSize', 'targetVocabSize'] as const) {
    if (!positive(c[key])) problems.push(`${key} must be a positive integer, got ${JSON.stringify(c[key])}`);
  }
  if (c.sharedVocabulary && c.sourceVocabSize !== c.targetVocabSize) {
    problems.push(
      `a shared vocabulary has one size, got sourceVocabSize ${c.sourceVocabSize} and ` +
        `targetVocabSize ${c.targetVocabSize}`,
    );
  }
  if (c.kind === 'rnn') problems.push(...rnnProblems(c));
  else if (c.kind === 'transformer') problems.push(...transformerProblems(c));
  else problems.push(`kind must be one of ${MODEL_KINDS.join('/')}, got ${JSON.stringify((c as ModelConfig).kind)}`);
  if (!(typeof c.dropout === 'number' && c.dropout >= 0 && c.dropout < 1)) problems.push('dropout must be in [0, 1)');
  if (problems.length) throw new Error(`Invalid model configuration: ${problems.join('; ')}.`);
  return c;
}

function rnnProblems(c: RnnConfig): string[] {
  const problems: string[] = [];
  const oneOf = (key: keyof RnnConfig, allowed: readonly string[]) => {
    if (!allowed.includes(c[key] as string))
      problems.push(`${key} must be one of ${allowed.join('/')}, got ${JSON.stringify(c[key])}`);
  };
  oneOf('encoderCell', ['gru', 'lstm']);
  oneOf('decoderCell', ['gru', 'lstm']);
  oneOf('attention', ['none', 'additive', 'dot', 'general']);
  oneOf('bridge', ['linear', 'copy', 'zero']);
  for (const key of ['embeddingSize', 'hiddenSize'] as const) {
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
  return problems;
}

function transformerProblems(c: TransformerConfig): string[] {
  const problems: string[] = [];
  for (const key of ['modelSize', 'heads', 'feedForwardSize'] as const) {
    if (!positive(c[key])) problems.push(`${key} must be a positive integer, got ${JSON.stringify(c[key])}`);
  }
  // Sinusoidal positions pair a sine and a cosine per frequency; heads split the width evenly.
  if (positive(c.modelSize) && c.modelSize % 2) problems.push(`modelSize must be even, got ${c.modelSize}`);
  if (positive(c.modelSize) && positive(c.heads) && c.modelSize % c.heads) {
    problems.push(
      `modelSize ${c.modelSize} must be a multiple of heads ${c.heads} (each head sees modelSize / heads dimensions)`,
    );
  }
  if (typeof c.tieOutput !== 'boolean') problems.push(`tieOutput must be true or false, got ${c.tieOutput}`);
  return problems;
}
