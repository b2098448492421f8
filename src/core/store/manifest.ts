// The model directory's manifest: everything needed to rebuild a model except the weight values.
import type { ModelConfig } from '../model/config';
import type { TokenizerJSON } from '../data/tokenizer';

export const MANIFEST_FILE = 'manifest.json';
export const MANIFEST_FORMAT = 'seq2seq-studio/model';
export const FORMAT_VERSION = 1;

/** Where one tensor lives inside a weights file: float32, little-endian, row-major. */
export interface TensorEntry {
  name: string;
  shape: number[];
  offset: number;
}

export interface WeightsEntry {
  /** A file name inside the model directory; never a path. */
  file: string;
  byteLength: number;
  sha256: string;
  tensors: TensorEntry[];
}

export interface TrainingState {
  /** The epoch in progress (0-based) and how many of its batches are done. */
  epoch: number;
  stepInEpoch: number;
  /** Optimizer steps over the whole run. */
  step: number;
  /** The validation metric early stopping watches, and its best value so far. */
  metric: string;
  best: number | null;
  /** The validation loss of the best model, which breaks ties of `metric` (train/evaluate.ts improves()). */
  bestLoss?: number;
  epochsWithoutImprovement: number;
  /** Validations of the run that did not improve on the best: the `plateau` budget decay halves the rate for each. */
  plateaus?: number;
  /** Options the run was started with (epochs, batch size, seed, ...). */
  options: Record<string, unknown>;
  history: { epoch: number; step: number; trainLoss: number; metrics: Record<string, number> }[];
  /** Sum of the losses of the epoch in progress, so a run resumed mid-epoch records its mean right. */
  epochLossSum?: number;
  /** Wall-clock seconds the run has spent so far, so a resumed run continues its time budget and schedule. */
  elapsedSeconds?: number;
  /** Measured seconds to evaluate one example, so a resumed budgeted run need not guess before its first validation. */
  evalSecondsPerExample?: number;
}

export interface Manifest {
  format: typeof MANIFEST_FORMAT;
  formatVersion: number;
  name: string;
  createdAt: string;
  preset?: string;
  architecture: ModelConfig;
  tokenizers: { source: TokenizerJSON; target: TokenizerJSON };
  vocabularies: { source: string[]; target: string[] };
  metrics?: Record<string, number>;
  training?: TrainingState;
  runtime: { backend: string; tfjs: string; studio: string };
  weights: WeightsEntry;
  /** Present in checkpoints: Adam's state, so that a resumed run continues where it stopped. */
  optimizer?: WeightsEntry;
}
