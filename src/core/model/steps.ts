// Time-major rows: step t of a [T B, ...] tensor is rows [t B, (t+1) B).
import type { Tensor2D } from '../backend/tf';
import { tf } from '../backend/tf';

/**
 * Cuts time-major rows [T*B, G] into T steps of [B, G] with one split: its gradient is a single
 * concat, where per-step slices would each pad a zero tensor to the full size in the backward pass.
 */
export function splitSteps(rows: Tensor2D, T: number): Tensor2D[] {
  return T === 1 ? [rows] : (tf.split(rows, T, 0) as Tensor2D[]);
}
