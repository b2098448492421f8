// --preset auto: a configuration sized from the corpus and the time budget. The rules are few and
// written down here (README "Automatic configuration"); explicit options always win over them.
//
// 1. Size from the data: the number of target tokens the training split holds picks a rung of the
//    size ladder (more data supports a larger model before it memorises).
// 2. Size from the budget: with a budget, a few measured steps give the step time of that rung; while
//    the budget buys fewer than MIN_EPOCHS epochs, the next smaller rung is measured and taken.
// 3. Batch size, dropout from the number of pairs; learning rate 2e-3 (the default, also the G2P
//    tuned rate at batch 256, see bench/RESULTS.md).
// The architecture is bahdanau2014's: attention learns faster than a fixed context on every task
// this repository measures, and its alignments show in the attention view.
import type { RnnArchitecture } from '../model/config';
import { presetConfig } from '../model/config';
import type { TokenizerKind } from '../data/tokenizer';
import type { DataOptions, TextPair } from './dataset';
import { encodePairs, learnCodec, splitPairs, withinLength } from './dataset';
import { formatDuration } from './budget';

export { AUTO_PRESET } from '../options';

export interface CorpusProfile {
  /** Training pairs (after the split and the length filter). */
  trainPairs: number;
  sourceTokenizer: TokenizerKind;
  targetTokenizer: TokenizerKind;
  sourceVocab: number;
  targetVocab: number;
  /** Mean and 95th percentile lengths in tokens. */
  source: { mean: number; p95: number };
  target: { mean: number; p95: number };
}

/** Tokenizes the training split as train() will, and measures it. */
export function profileCorpus(pairs: TextPair[], data: DataOptions): CorpusProfile {
  const train = splitPairs(pairs, data).train;
  const codec = learnCodec(train, data);
  const examples = withinLength(encodePairs(codec, train), data.maxLength).kept;
  const lengths = (side: 'source' | 'target') => summary(examples.map((e) => e[side].length));
  return {
    trainPairs: examples.length,
    sourceTokenizer: data.sourceTokenizer,
    targetTokenizer: data.targetTokenizer,
    sourceVocab: codec.sourceVocab.size,
    targetVocab: codec.targetVocab.size,
    source: lengths('source'),
    target: lengths('target'),
  };
}

function summary(xs: number[]): { mean: number; p95: number } {
  if (!xs.length) return { mean: 0, p95: 0 };
  const sorted = [...xs].sort((a, b) => a - b);
  return {
    mean: xs.reduce((a, b) => a + b, 0) / xs.length,
    p95: sorted[Math.min(sorted.length - 1, Math.floor(0.95 * sorted.length))],
  };
}

export interface Size {
  embeddingSize: number;
  hiddenSize: number;
}

/** From small to large; 64/128 is the presets' size, 64/256 the tuned G2P size. */
export const SIZE_LADDER: readonly Size[] = [
  { embeddingSize: 32, hiddenSize: 64 },
  { embeddingSize: 64, hiddenSize: 128 },
  { embeddingSize: 64, hiddenSize: 256 },
  { embeddingSize: 128, hiddenSize: 384 },
  { embeddingSize: 256, hiddenSize: 512 },
];

/** Target tokens in training below which each rung is the largest the data supports. */
const TOKENS_FOR_RUNG = [20_000, 200_000, 1_500_000, 6_000_000];

/**
 * A budget that buys fewer epochs than this gets a smaller model (a model that has seen the data a few times beats
 * a larger one that has not).
 */
export const MIN_EPOCHS = 5;
/** Share of the budget the steps get; validation, saves and the test take the rest. */
const STEP_SHARE = 0.8;

export interface AutoChoice {
  architecture: RnnArchitecture;
  batchSize: number;
  learningRate: number;
  /** Epochs the budget buys at the measured step time (undefined without a budget). */
  expectedEpochs?: number;
  /** The measured seconds per step of the chosen size. */
  stepSeconds?: number;
  /** One line per choice, with its reason. */
  lines: string[];
}

/** Seconds one training step takes for this size and batch on the active backend (measured, or a stand-in in tests). */
export type StepTimer = (architecture: RnnArchitecture, batchSize: number) => number;

export function chooseAuto(profile: CorpusProfile, budgetSeconds: number, timeStep: StepTimer): AutoChoice {
  const tokens = profileTokens(profile);
  const found = TOKENS_FOR_RUNG.findIndex((limit) => tokens < limit);
  const dataRung = found === -1 ? SIZE_LADDER.length - 1 : found;
  let rung = dataRung;
  const batchSize = chooseBatch(profile.trainPairs);
  const stepsPerEpoch = Math.ceil(profile.trainPairs / batchSize);
  const architectureAt = (r: number) => sized(SIZE_LADDER[r], dropoutFor(profile.trainPairs));
  let stepSeconds: number | undefined;
  let expectedEpochs: number | undefined;
  if (budgetSeconds > 0) {
    for (;;) {
      stepSeconds = timeStep(architectureAt(rung), batchSize);
      expectedEpochs = (STEP_SHARE * budgetSeconds) / (stepsPerEpoch * stepSeconds);
      if (expectedEpochs >= MIN_EPOCHS || rung === 0) break;
      rung--;
    }
  }
  const architecture = architectureAt(rung);
  const lines = [
    `corpus: ${profile.trainPairs.toLocaleString('en')} training pairs, ` +
      `${Math.round(tokens).toLocaleString('en')} target tokens; ` +
      `${profile.sourceTokenizer} source (vocabulary ${profile.sourceVocab}, ` +
      `mean length ${profile.source.mean.toFixed(1)}, p95 ${profile.source.p95}), ` +
      `${profile.targetTokenizer} target (vocabulary ${profile.targetVocab}, ` +
      `mean ${profile.target.mean.toFixed(1)}, p95 ${profile.target.p95})`,
    `model: bahdanau2014, embedding ${architecture.embeddingSize}, ` +
      `hidden ${architecture.hiddenSize}, attention ${architecture.attentionSize}` +
      (rung < dataRung
        ? ` (the data supports hidden ${SIZE_LADDER[dataRung].hiddenSize}; ` +
          `smaller so that the budget buys ${MIN_EPOCHS}+ epochs)`
        : ' (the largest the data supports)'),
    `batch ${batchSize}, learning rate ${LEARNING_RATE}, dropout ${architecture.dropout} ` +
      `(from ${profile.trainPairs.toLocaleString('en')} pairs)`,
  ];
  if (stepSeconds !== undefined && expectedEpochs !== undefined) {
    lines.push(
      `budget ${formatDuration(budgetSeconds)}: ${(1000 * stepSeconds).toFixed(0)} ms/step measured, ` +
        `${stepsPerEpoch} steps/epoch, ~${expectedEpochs.toFixed(1)} epochs`,
    );
  }
  return { architecture, batchSize, learningRate: LEARNING_RATE, expectedEpochs, stepSeconds, lines };
}

/** The rate the defaults use, and the G2P run tuned at batch 256: measured good at both ends of the batch range. */
const LEARNING_RATE = 2e-3;

function profileTokens(p: CorpusProfile): number {
  return p.trainPairs * p.target.mean;
}

/**
 * Larger corpora take larger batches (more examples a second on the fused kernels); small ones need the update
 * count.
 */
export function chooseBatch(pairs: number): number {
  const batch = pairs < 2_000 ? 16 : pairs < 10_000 ? 32 : pairs < 50_000 ? 64 : pairs < 100_000 ? 128 : 256;
  // At least four batches an epoch, so a tiny corpus still gets several updates per pass.
  return Math.max(1, Math.min(batch, Math.floor(pairs / 4)));
}

/** Small corpora are memorised quickly: more dropout. 0.15 is the tuned G2P value at 100k pairs. */
export function dropoutFor(pairs: number): number {
  return pairs < 5_000 ? 0.3 : pairs < 50_000 ? 0.2 : 0.15;
}

function sized(size: Size, dropout: number): RnnArchitecture {
  return { ...presetConfig('bahdanau2014'), ...size, attentionSize: size.hiddenSize, dropout };
}

/** The user's explicit options win: the choice with them applied, and a line saying which were kept. */
export function withOverrides(
  choice: AutoChoice,
  architecture: Partial<RnnArchitecture>,
  training: { batchSize?: number; learningRate?: number },
): AutoChoice {
  const given = [
    ...Object.keys(architecture),
    ...Object.keys(training).filter((k) => k === 'batchSize' || k === 'learningRate'),
  ];
  if (!given.length) return choice;
  return {
    ...choice,
    // A width given without an attention size keeps them equal, as the ladder does.
    architecture: {
      ...choice.architecture,
      attentionSize: architecture.hiddenSize ?? choice.architecture.attentionSize,
      ...architecture,
    },
    batchSize: training.batchSize ?? choice.batchSize,
    learningRate: training.learningRate ?? choice.learningRate,
    lines: [...choice.lines, `given explicitly, kept: ${given.join(', ')}`],
  };
}
