// One validator per options section (architecture, data, training, decoding). Every entry point
// runs its input through these: the CLI, worker requests, the extension's command arguments and
// manifests read back for --resume and loading. Each returns its input typed, or throws an
// OptionError naming the option, the value and the allowed range.
import {
  MODEL_KINDS,
  PRESET_NAMES,
  presetKind,
  validateConfig,
  type ArchitectureConfig,
  type ModelConfig,
  type ModelKind,
  type RnnArchitecture,
  type TransformerArchitecture,
} from '../model/config';
import { TOKENIZER_KINDS, type TokenizerKind } from '../data/tokenizer';
import { OptionError } from './errors';
import { bool, checkFields, fraction, int, num, oneOf, type Rules } from './fields';

// Kept here rather than in evaluate.ts (which re-exports it) so that the extension host, which
// validates command arguments, does not pull TensorFlow.js in through this list.
export const METRIC_NAMES = ['exact', 'tokenAccuracy', 'bleu', 'chrf', 'loss', 'cer'] as const;
export type MetricName = (typeof METRIC_NAMES)[number];
/** `auto`: the metric the targets' summaries lead with (core/metrics/summary.ts leadingMetric). */
export const METRIC_CHOICES = ['auto', ...METRIC_NAMES] as const;
export type MetricChoice = (typeof METRIC_CHOICES)[number];
/** How the learning rate decays over a time budget (train/budget.ts). */
export const BUDGET_DECAYS = ['steps', 'cosine', 'plateau'] as const;
export type BudgetDecay = (typeof BUDGET_DECAYS)[number];
export { PRESET_NAMES, presetKind };
/** The preset name that sizes the model from the corpus and the time budget (core/train/auto.ts). */
export const AUTO_PRESET = 'auto';
/** What a new training may ask for: a paper's preset, or one sized automatically. */
export type TrainPresetName = (typeof PRESET_NAMES)[number] | typeof AUTO_PRESET;
export const TRAIN_PRESET_NAMES: readonly TrainPresetName[] = [AUTO_PRESET, ...PRESET_NAMES];

// The option shapes of the trainer and the dataset live here, below both (they import them as
// TrainOptions and DataOptions), so that the validators and the code they guard share one shape.
export interface TrainingOptions {
  epochs: number;
  batchSize: number;
  learningRate: number;
  clipNorm: number;
  /** Epochs without improvement of `metric` before stopping early. */
  patience: number;
  /**
   * What early stopping and the best model watch. `auto` (the default) resolves when the run starts, from the
   * targets: exact match for labels and symbol strings, BLEU for word or subword text, where exact match stays
   * near 0 and says nothing.
   */
  metric: MetricChoice;
  seed: number;
  /** Validation decodes at most this many examples, to keep epochs short. */
  maxValidExamples: number;
  /** Also checkpoint every N steps (0: at the end of each epoch only). */
  checkpointEvery: number;
  /**
   * Wall-clock budget in seconds for the whole run (resumed parts included), 0 for none. With a
   * budget the learning rate decays at fixed fractions of it (see train/budget.ts) and `epochs` is
   * an upper bound.
   */
  timeBudget: number;
  /**
   * Under a budget: x0.5 at 70% and x0.25 at 85% of it (`steps`), a half cosine from 1 to 0 (`cosine`), or `steps`
   * and a further x0.5 for every validation that did not improve on the best (`plateau`).
   */
  budgetDecay: BudgetDecay;
  /** Label smoothing ε of the training loss (0 for none); validation reports the plain loss. */
  labelSmoothing: number;
  /** Adam's second-moment decay: 0.999 (tfjs's default), 0.98 for the Transformer (Vaswani et al.). */
  adamBeta2: number;
  /**
   * Steps of linear learning-rate warm-up, after which the rate decays with the inverse square root of
   * the step (Vaswani et al. 2017; see train/schedule.ts); 0 keeps it constant.
   */
  warmupSteps: number;
}

export interface DataOptionsShape {
  sourceTokenizer: TokenizerKind;
  targetTokenizer: TokenizerKind;
  /** Lowercase the word and BPE tokens of both sides (char tokenizers keep case). */
  lowercase: boolean;
  /**
   * One vocabulary for both sides (and one tokenizer, learned on both, when their kinds agree); a
   * Transformer then shares one embedding table between its encoder, decoder and output layer.
   */
  sharedVocabulary: boolean;
  bpeMerges: number;
  minFrequency: number;
  maxVocabulary: number;
  /** Pairs with more tokens than this on either side are dropped from training (and counted). */
  maxLength: number;
  validFraction: number;
  testFraction: number;
}

export interface DecodingOptions {
  beamSize: number;
  nBest: number;
  maxLength: number;
  lengthPenalty: number;
}

/** The largest hidden/embedding width: beyond it the weights alone outgrow the wasm heap. */
export const MAX_WIDTH = 4096;
export const MAX_BEAM = 64;
/** Longest sequence, in tokens, training or decoding accepts. */
export const MAX_SEQUENCE = 10_000;
/** Longest wall-clock budget, in seconds (a week). */
export const MAX_TIME_BUDGET = 7 * 24 * 3600;

export const RNN_RULES: Rules<RnnArchitecture> = {
  kind: oneOf(['rnn']),
  encoderCell: oneOf(['gru', 'lstm']),
  decoderCell: oneOf(['gru', 'lstm']),
  embeddingSize: int(1, MAX_WIDTH),
  hiddenSize: int(1, MAX_WIDTH),
  encoderLayers: int(1, 8),
  decoderLayers: int(1, 8),
  bidirectional: bool,
  reverseSource: bool,
  attention: oneOf(['none', 'additive', 'dot', 'general']),
  attentionSize: int(0, MAX_WIDTH),
  feedContext: bool,
  bridge: oneOf(['linear', 'copy', 'zero']),
  dropout: fraction(0, 1),
};

export const TRANSFORMER_RULES: Rules<TransformerArchitecture> = {
  kind: oneOf(['transformer']),
  modelSize: int(2, MAX_WIDTH),
  heads: int(1, 64),
  feedForwardSize: int(1, 4 * MAX_WIDTH),
  encoderLayers: int(1, 8),
  decoderLayers: int(1, 8),
  dropout: fraction(0, 1),
  tieOutput: bool,
};

const FAMILY_RULES: Record<ModelKind, Rules<ArchitectureConfig>> = {
  rnn: RNN_RULES as Rules<ArchitectureConfig>,
  transformer: TRANSFORMER_RULES as Rules<ArchitectureConfig>,
};
/** Overrides that do not say their family may hold the options of either (the preset decides later). */
const ANY_FAMILY_RULES = { ...RNN_RULES, ...TRANSFORMER_RULES, kind: oneOf(MODEL_KINDS) } as Rules<ArchitectureConfig>;

const FAMILY_NAMES: Record<ModelKind, string> = {
  rnn: 'the RNN presets (cho2014, sutskever2014, bahdanau2014, auto)',
  transformer: 'the Transformer (vaswani2017)',
};

/** Why an RNN option means nothing to a Transformer, where that is not plain from its name. */
const NOT_FOR_TRANSFORMER: Partial<Record<string, string>> = {
  reverseSource:
    'source reversal does not apply to the Transformer: it attends to every source position at once, ' +
    'so the order it reads them in changes nothing',
  feedContext:
    'a fixed context vector (Cho et al.) does not apply to the Transformer: its decoder attends to the whole source ' +
    'in every layer',
};

export const DATA_RULES: Rules<DataOptionsShape> = {
  sourceTokenizer: oneOf(TOKENIZER_KINDS),
  targetTokenizer: oneOf(TOKENIZER_KINDS),
  lowercase: bool,
  sharedVocabulary: bool,
  bpeMerges: int(0, 1_000_000),
  minFrequency: int(1, 1_000_000_000),
  maxVocabulary: int(5, 1_000_000),
  maxLength: int(1, MAX_SEQUENCE),
  validFraction: num(0, 0.5),
  testFraction: num(0, 0.5),
};

export const TRAINING_RULES: Rules<TrainingOptions> = {
  epochs: int(1, 100_000),
  batchSize: int(1, 4096),
  learningRate: num(0, 1),
  clipNorm: num(0, 1e6, true),
  patience: int(1, 100_000),
  metric: oneOf(METRIC_CHOICES),
  seed: int(0, 2 ** 31 - 1),
  maxValidExamples: int(1, 10_000_000),
  checkpointEvery: int(0, 1_000_000_000),
  // Seconds; 0 for none. A week is far beyond any run this tool is for, and keeps typos (--time 10h0) out.
  timeBudget: num(0, MAX_TIME_BUDGET),
  budgetDecay: oneOf(BUDGET_DECAYS),
  labelSmoothing: fraction(0, 1),
  adamBeta2: fraction(0, 1),
  warmupSteps: int(0, 1_000_000_000),
};

export const DECODING_RULES: Rules<DecodingOptions> = {
  beamSize: int(1, MAX_BEAM),
  nBest: int(1, MAX_BEAM),
  maxLength: int(1, MAX_SEQUENCE),
  lengthPenalty: num(0, 5),
};

/** `complete` for a whole configuration (a manifest); partial for overrides of the defaults. */
export interface Completeness {
  complete?: boolean;
}

export interface ArchitectureCheck extends Completeness {
  /** The family the options are for, when the value does not say (its preset's: presetKind). */
  kind?: ModelKind;
}

/**
 * Checks an architecture against its family's rules: the value's `kind`, else the one given, else
 * (partial overrides whose preset is not known yet) the options of any family. An option of the other
 * family is refused saying which family it belongs to.
 */
export function validateArchitecture(
  value: unknown,
  { complete = false, kind }: ArchitectureCheck = {},
): Partial<ArchitectureConfig> {
  const own = (value as { kind?: unknown } | null)?.kind;
  if (own !== undefined && !MODEL_KINDS.includes(own as ModelKind))
    throw OptionError.outOfRange('architecture', 'kind', own, `one of ${MODEL_KINDS.join(', ')}`);
  const family = (own as ModelKind | undefined) ?? kind;
  if (family) refuseOtherFamily(value, family);
  const rules = family ? FAMILY_RULES[family] : ANY_FAMILY_RULES;
  const a = checkFields<Partial<ArchitectureConfig>>('architecture', rules, value, complete);
  if (complete) {
    // The cross-field rules (dot attention widths, copy bridges, heads) live with the model configuration.
    try {
      validateConfig({ ...(a as ArchitectureConfig), sourceVocabSize: 1, targetVocabSize: 1 } as ModelConfig);
    } catch (e) {
      const reason = (e as Error).message.replace(/\.$/, '');
      throw new OptionError('architecture', 'kind', a.kind, () => reason);
    }
  }
  return a;
}

function refuseOtherFamily(value: unknown, family: ModelKind): void {
  if (typeof value !== 'object' || value === null) return;
  const other = MODEL_KINDS.find((k) => k !== family)!;
  const key = Object.keys(value).find(
    (k) => !Object.hasOwn(FAMILY_RULES[family], k) && Object.hasOwn(FAMILY_RULES[other], k),
  );
  if (key === undefined) return;
  const why = family === 'transformer' ? NOT_FOR_TRANSFORMER[key] : undefined;
  throw new OptionError(
    'architecture',
    key,
    undefined,
    (name) =>
      why ??
      `${name(key)} is an option of ${FAMILY_NAMES[other]}, not of ${FAMILY_NAMES[family]} ` +
        `(its options: ${Object.keys(FAMILY_RULES[family])
          .filter((k) => k !== 'kind')
          .map(name)
          .join(', ')})`,
  );
}

export function validateData(value: unknown, { complete = false }: Completeness = {}): Partial<DataOptionsShape> {
  return checkFields<Partial<DataOptionsShape>>('data', DATA_RULES, value, complete);
}

export function validateTraining(value: unknown, { complete = false }: Completeness = {}): Partial<TrainingOptions> {
  return checkFields<Partial<TrainingOptions>>('training', TRAINING_RULES, value, complete);
}

export function validateDecoding(value: unknown, { complete = false }: Completeness = {}): Partial<DecodingOptions> {
  const d = checkFields<Partial<DecodingOptions>>('decoding', DECODING_RULES, value, complete);
  // Clamping n-best to the beam silently would hand back fewer alternatives than asked for.
  if (d.nBest !== undefined && d.nBest > (d.beamSize ?? 1)) {
    const [nBest, beam] = [d.nBest, d.beamSize ?? 1];
    throw new OptionError(
      'decoding',
      'nBest',
      nBest,
      (name) =>
        `${name('nBest')} ${nBest} cannot exceed ${name('beamSize')} ${beam}: ` +
        'beam search keeps only that many hypotheses',
    );
  }
  return d;
}
