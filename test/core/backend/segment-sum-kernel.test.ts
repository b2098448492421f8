// The O(N) UnsortedSegmentSum kernel is the gradient of every embedding lookup (tf.gather): its results
// must equal tfjs's stock cpu kernel's, or every training silently learns from wrong gradients.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../src/core/backend/tf';
import { GRADIENT_SETUPS, SETUP_NAMES, assertGradientsMatch, seeded, stockCpuGradients } from '../../helpers/gradients';

const VOCAB = 7;
const DIM = 5;
// Repeated, unordered ids, and rows 2 and 6 never looked up (their gradient must be 0, not stale memory).
const IDS = [3, 0, 3, 5, 1, 4, 3, 0, 1];

/** d/d(table, weights) of sum(gather(table, ids) * weights): the table's gradient is the segment sum. */
function embeddingGradients(): tf.Tensor[] {
  const table = seeded([VOCAB, DIM], 1);
  const weights = seeded([IDS.length, DIM], 2);
  const ids = tf.tensor1d(IDS, 'int32');
  return tf.grads((t: tf.Tensor, w: tf.Tensor) => tf.sum(tf.mul(tf.gather(t, ids), w)))([table, weights]);
}

/** The kernel called directly (its forward values), on a 3-d input. */
function segmentSumValues(): tf.Tensor[] {
  return [tf.unsortedSegmentSum(seeded([IDS.length, 2, 3], 3), tf.tensor1d(IDS, 'int32'), VOCAB)];
}

for (const [name, fn] of [
  ['embedding gradient', embeddingGradients],
  ['direct call', segmentSumValues],
] as const) {
  test(`segment sum (${name}) equals the stock cpu kernel within 1e-5 on ${SETUP_NAMES}`, async () => {
    const stockKernel = tf.getKernel('UnsortedSegmentSum', 'cpu')?.kernelFunc;
    const expected = await stockCpuGradients(fn);
    for (const setup of GRADIENT_SETUPS) await assertGradientsMatch(setup, expected, fn);
    // The comparison above was with the replacement kernel, not the stock one again.
    assert.notEqual(tf.getKernel('UnsortedSegmentSum', 'cpu')?.kernelFunc, stockKernel);
  });
}
