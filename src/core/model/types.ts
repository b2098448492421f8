// The shapes the model and the kernels both speak of: recurrent cells and their states, and the
// attention memory. A leaf module, so that the kernel layer can name them without importing the
// model code that calls it.
import type { Tensor2D, Tensor3D, tf } from '../backend/tf';
import type { CellType } from './config';

/** h: [B, H]; c (LSTM only): [B, H]. */
export interface CellState {
  h: Tensor2D;
  c?: Tensor2D;
}

export interface Cell {
  type: CellType;
  hiddenSize: number;
  /** Gate count x hidden size: the width of the fused input projection. */
  gateSize: number;
  /** Input projection for any number of rows: [N, in] -> [N, gateSize] (bias included). */
  project(x: tf.Tensor): Tensor2D;
  /** One step from the projected input gx [B, gateSize]. */
  step(gx: Tensor2D, state: CellState): CellState;
  zeroState(batch: number): CellState;
  /** The recurrent weights, for the fused kernels: W_h [H, G] and (GRU) b_h [G]. */
  weights: { wh: tf.Variable; bh?: tf.Variable; wx: tf.Variable; bx: tf.Variable };
}

export interface Memory {
  /** Encoder outputs [B, S, D]. */
  values: Tensor3D;
  /** Projected encoder outputs [B, S, K]: U_a·h_j (additive), W·h_j (general) or h_j (dot). */
  keys: Tensor3D;
  /** Additive bias for the scores: 0 for real tokens, -1e9 for padding, [B, S]; absent without padding. */
  maskBias?: Tensor2D;
}
