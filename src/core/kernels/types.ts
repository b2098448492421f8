// The kernel layer: the few operations that dominate a training step (the recurrences, the
// attention-decoder loop, the Transformer's attention and layer norms, the loss, the optimizer
// update), behind one interface with two
// implementations. 'reference' is the per-op TensorFlow.js code, readable and the oracle in tests;
// 'fused' runs each operation as one kernel over all time steps (wasm today; the native backend's
// custom ops plug in here too). The model code calls only this interface.
import type { Tensor1D, Tensor2D, Tensor4D, tf } from '../backend/tf';
import type { Cell, CellState, Memory } from '../model/types';
import type { AttentionType } from '../model/config';

/** A named tensor, as tfjs optimizers' getWeights() returns them. */
export interface NamedTensor {
  name: string;
  tensor: tf.Tensor;
}

export type KernelsName = 'fused' | 'reference';
export const KERNELS_CHOICES: readonly KernelsName[] = ['fused', 'reference'];

/** Threads of the fused wasm kernels: 'auto' is 2 where the machine has 2 or more cores. */
export type ThreadsChoice = 'auto' | '1' | '2';
export const THREADS_CHOICES: readonly ThreadsChoice[] = ['auto', '1', '2'];

/** One RNN direction over T time-major steps. */
export interface RnnRun {
  cell: Cell;
  /** Projected inputs x W_x + b_x of every step, [T B, G]. */
  gx: Tensor2D;
  steps: number;
  initial: CellState;
  /** 1 for real tokens, 0 for padding, [T B, 1]; padded steps carry the state. */
  mask?: Tensor2D;
  /** Leading steps without padding (the reference path skips the carry there). */
  unpaddedSteps?: number;
  reverse: boolean;
}

export interface RnnResult {
  /** States at every step, [T B, H], in time order whatever the direction. */
  outputs: Tensor2D;
  /** State after the last step processed (step T-1, or step 0 when reversed). */
  final: CellState;
}

/** The weights of the attention-decoder loop over a stack of RNN layers. */
export interface DecoderWeights {
  /** Layer 0 (reads the target embedding and the context) first. */
  cells: Cell[];
  attention: Exclude<AttentionType, 'none'>;
  /** Additive attention: W_a [H, A], b_a [A], v_a [A, 1]. */
  wa?: tf.Tensor;
  ba?: tf.Tensor;
  va?: tf.Tensor;
  /** Context into the gates, [D, G]. */
  wc: tf.Tensor;
}

export interface DecoderRun {
  weights: DecoderWeights;
  /** Target embeddings projected into the gates, [T B, G]. */
  gxe: Tensor2D;
  steps: number;
  /** One state per layer. */
  initial: CellState[];
  memory: Memory;
  /**
   * Draws the dropout masks of the inputs of layers 1.. (scaled: 0 or 1 / (1 - rate)), [T B, H]
   * each, or undefined without dropout; called only by a kernel that runs the loop.
   */
  masks(): Tensor2D[] | undefined;
}

export interface DecoderResult {
  /** [s_t ; c_t] rows of the top layer, [T B, H + D]. */
  outputs: Tensor2D;
  /** Attention weights [T B, S] and the final state of each layer: only when not training. */
  weights?: Tensor2D;
  final?: CellState[];
}

/** One decoding step of a one-layer attention decoder (one cell), from the previous tokens to log-probabilities. */
export interface DecodeStepRun {
  weights: DecoderWeights;
  /** Target embedding [V, E] and the output layer [H + D, V], [V]. */
  embedding: tf.Tensor;
  outW: tf.Tensor;
  outB: tf.Tensor;
  /** Previous tokens, int32 [B]. */
  ids: Tensor1D;
  state: CellState;
  memory: Memory;
}

export interface DecodeStepResult {
  /** [B, V] */
  logProbs: Tensor2D;
  /** Attention [B, S]. */
  weights: Tensor2D;
  state: CellState;
}

/** Columns [offset, offset + width) of every row of a matrix: where attention finds its q, k or v. */
export interface MatrixColumns {
  matrix: Tensor2D;
  offset: number;
}

/**
 * Multi-head attention over batch-major rows (row b*T + t is position t of batch row b), each head
 * reading width / heads adjacent columns: no head transposes on the model's side.
 */
export interface AttentionRun {
  /** Queries, B Tq rows. */
  q: MatrixColumns;
  /** Keys and values, B Tk rows. */
  k: MatrixColumns;
  v: MatrixColumns;
  batch: number;
  heads: number;
  /** d, the width of q, k and v: heads x the head size. */
  width: number;
  /** Multiplies the scores q . k (1 / sqrt(head size)). */
  scale: number;
  /** 1 for the keys that may be attended to, 0 for padding, [B, Tk]; absent when none is padded. */
  keyMask?: Tensor2D;
  /** Query i attends to keys j <= i only (Tq = Tk). */
  causal: boolean;
  /** Return the weights too: for decoding, where no gradient is taken. */
  withWeights?: boolean;
}

export interface AttentionResult {
  /** softmax(scale q k^T) v per head, the heads side by side: [B Tq, width]. */
  context: Tensor2D;
  /** When asked for: [B, heads, Tq, Tk]; each row sums to 1 over the keys attended to, 0 elsewhere. */
  weights?: Tensor4D;
}

/** Adam with global-norm clipping; its state in tfjs's optimizer-weights format. */
export interface AdamUpdater {
  /** Clips the gradients together and updates the variables; returns the norm before clipping. */
  apply(grads: tf.Tensor[]): tf.Scalar;
  readonly iterations: number;
  /** The rate of the next updates; the moments and the step count are kept. */
  setLearningRate(learningRate: number): void;
  getWeights(): Promise<NamedTensor[]>;
  setWeights(weights: NamedTensor[]): Promise<void>;
  dispose(): void;
}

export interface AdamSettings {
  learningRate: number;
  clipNorm: number;
  /** Decay of the second-moment estimate; 0.999 when absent (tfjs's default). */
  beta2?: number;
}

export const ADAM_BETA1 = 0.9;
export const ADAM_BETA2 = 0.999;

export interface Kernels {
  readonly name: KernelsName;
  rnn(run: RnnRun): RnnResult;
  /**
   * The whole attention-decoder loop; undefined when this implementation does not fuse the
   * configuration (the model then runs its per-step loop, the reference).
   */
  attentionDecoder(run: DecoderRun, training: boolean): DecoderResult | undefined;
  /** x [M, K] . w [K, N] (+ b [N]); undefined where this implementation leaves it to tfjs. */
  linear(x: tf.Tensor, w: tf.Tensor, b?: tf.Tensor): Tensor2D | undefined;
  /** The whole decoding step in one kernel, where an implementation has it; else undefined. */
  decodeStep?(run: DecodeStepRun): DecodeStepResult | undefined;
  /** Multi-head scaled dot-product attention (the Transformer's); the weights are never differentiated. */
  attention(run: AttentionRun): AttentionResult;
  /** Layer normalisation of the rows of x [N, d], scaled by gain [d] and shifted by shift [d]. */
  layerNorm(x: Tensor2D, gain: tf.Tensor, shift: tf.Tensor): Tensor2D;
  /** sum_n weights_n * -log softmax(logits_n)[targets_n]; logits [N, V], targets int32 [N]. */
  nll(logits: Tensor2D, targets: Tensor1D, weights: Tensor1D): tf.Scalar;
  /** Log-probabilities of the rows of logits [N, V], for decoding (no gradient needed). */
  logSoftmax(logits: Tensor2D): Tensor2D;
  adam(variables: tf.Variable[], settings: AdamSettings): AdamUpdater;
}
