// model/matmul.ts gives wasm a matMul with a hand-written gradient (transposes materialised, and cached
// within a training step): its gradients must equal tf.matMul's on the stock cpu kernels.
import { test } from 'node:test';
import { tf } from '../../../src/core/backend/tf';
import { matMul, withTransposeCache } from '../../../src/core/model/matmul';
import { GRADIENT_SETUPS, SETUP_NAMES, assertGradientsMatch, seeded, stockCpuGradients } from '../../helpers/gradients';

type MatMul = (a: tf.Tensor, b: tf.Tensor) => tf.Tensor;
const stock: MatMul = (a, b) => tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D);

/**
 * d/d(x1, x2, w) of a loss that uses the weight twice, as a recurrent step does, so that within
 * withTransposeCache the second use reads the cached transpose.
 */
function gradients(mm: MatMul): tf.Tensor[] {
  const x1 = seeded([4, 6], 1);
  const x2 = seeded([4, 6], 2);
  const w = seeded([6, 3], 3);
  const upstream = seeded([4, 3], 4);
  const loss = (a: tf.Tensor, b: tf.Tensor, weight: tf.Tensor) =>
    tf.sum(tf.mul(tf.add(mm(a, weight), tf.tanh(mm(b, weight))), upstream));
  return tf.grads(loss)([x1, x2, w]);
}

test(`matMul's gradient equals tf.matMul's on the stock cpu kernels within 1e-5 on ${SETUP_NAMES}`, async () => {
  const expected = await stockCpuGradients(() => gradients(stock));
  for (const setup of GRADIENT_SETUPS) {
    await assertGradientsMatch(setup, expected, () => gradients(matMul));
    await assertGradientsMatch(setup, expected, () => withTransposeCache(() => gradients(matMul)));
  }
});
