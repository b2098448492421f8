// The token-level training loss both model families share: the active kernels' fused NLL, plus
// label smoothing where asked for.
import type { Tensor1D, Tensor2D } from '../backend/tf';
import { tf } from '../backend/tf';
import { kernels } from '../kernels';

/**
 * sum_n weights_n * loss_n over logits [N, V], targets int32 [N]: the NLL, or with smoothing ε,
 * (1 - ε) NLL + ε (-mean_v log p_v), where -mean_v log p_v = logsumexp(z) - mean(z) needs no
 * log-softmax of its own. The smoothing mass goes to every vocabulary entry, specials included.
 */
export function tokenLoss(logits: Tensor2D, targets: Tensor1D, weights: Tensor1D, smoothing = 0): tf.Scalar {
  const nll = kernels().nll(logits, targets, weights);
  if (!smoothing) return nll;
  const uniform = tf.sum(tf.mul(tf.sub(tf.logSumExp(logits, 1), tf.mean(logits, 1)), weights));
  return tf.add(tf.mul(nll, 1 - smoothing), tf.mul(uniform, smoothing)) as tf.Scalar;
}
