// What the trainer, the decoders, the translator and the model store see of a model, whatever its
// family (model/config.ts): the teacher-forced loss, and step-by-step decoding. The decoding memory
// and state are trees of tensors (plain objects and arrays) whose axis 0 is the hypothesis row, so
// that beam search re-indexes them without knowing what they hold (rows.ts).
import type { Tensor2D, tf } from '../backend/tf';
import type { ModelConfig } from './config';
import type { Dropout } from './dropout';
import type { Params } from './params';

export interface SourceBatch {
  /** Source ids, time-major [S, B] int32, already reversed per sequence when the model reads backwards. */
  ids: tf.Tensor2D;
  /** 1 for real tokens, 0 for padding, [S, B]; absent when the batch has no padding. */
  mask?: Tensor2D;
  /** Leading steps at which every row holds a real token: they need no masking. */
  unpaddedSteps?: number;
}

export interface TrainingBatch {
  src: SourceBatch;
  /** Decoder inputs <s> y1 .. yn, time-major [T, B] int32. */
  targetIn: tf.Tensor2D;
  /** Decoder targets y1 .. yn </s>, time-major [T, B] int32. */
  targetOut: tf.Tensor2D;
  /** 1 for real target positions, [T, B]. */
  targetMask: Tensor2D;
  /** Real target tokens in the batch. */
  tokenCount: number;
}

export interface DecodingStart<Memory, State> {
  memory: Memory;
  state: State;
}

/** One decoding step's result, N rows. */
export interface StepOutput<State> {
  state: State;
  /** log p(y_t | y_<t, x) [N, V]. */
  logProbs: Tensor2D;
  /**
   * The alignment [N, S] when the model has one: the attention of an RNN; for a Transformer, the last
   * decoder layer's cross-attention averaged over its heads (as Joey NMT plots it).
   */
  weights?: Tensor2D;
  /** Transformer: the cross-attention of every decoder layer and head, [N, layers, heads, S]. */
  heads?: tf.Tensor4D;
}

export interface Seq2SeqModel<Memory = unknown, State = unknown> {
  readonly config: ModelConfig;
  readonly params: Params;
  /**
   * Mean negative log-likelihood per real target token, with teacher forcing; with labelSmoothing ε,
   * (1 - ε) of it plus ε of the cross-entropy against the uniform distribution (Szegedy et al. 2016).
   */
  loss(batch: TrainingBatch, dropout: Dropout, labelSmoothing?: number): tf.Scalar;
  /** Encodes a source batch for step-by-step decoding. */
  startDecoding(src: SourceBatch): DecodingStart<Memory, State>;
  /** One decoding step from the previous tokens [N]. */
  decodeStep(previous: tf.Tensor1D, state: State, memory: Memory): StepOutput<State>;
  dispose(): void;
}
