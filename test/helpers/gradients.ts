// Shared by the hand-written kernels' gradient tests: the reference is always tfjs's stock cpu kernels,
// computed before initBackend replaces any of them; the candidates run on every backend set up here.
import assert from 'node:assert/strict';
import { initBackend, type BackendName } from '../../src/core/backend';
import { tf } from '../../src/core/backend/tf';
import { makeRng } from '../../src/core/util/random';

export const TOLERANCE = 1e-5;

/** wasm and cpu always; native TensorFlow when this run was asked for it (CI's tensorflow pass). */
export const GRADIENT_BACKENDS: BackendName[] = process.env.SEQ2SEQ_BACKEND === 'tensorflow' ? ['cpu', 'wasm', 'tensorflow'] : ['cpu', 'wasm'];

/** Values in [-1, 1) from a fixed seed. */
export function seeded(shape: number[], seed: number): tf.Tensor {
  const rng = makeRng(seed);
  return tf.tensor(Float32Array.from({ length: shape.reduce((a, d) => a * d, 1) }, () => 2 * rng() - 1), shape);
}

/** The gradients `fn` gives, as plain arrays, on tfjs's stock cpu backend (no initBackend yet). */
export async function stockCpuGradients(fn: () => tf.Tensor[]): Promise<Float32Array[]> {
  assert.ok(await tf.setBackend('cpu'));
  return tf.tidy(fn).map((g) => g.dataSync() as Float32Array);
}

/** Runs `fn` on `backend` (started the way the program starts it) and compares with `expected`. */
export async function assertGradientsMatch(backend: BackendName, expected: Float32Array[], fn: () => tf.Tensor[]): Promise<void> {
  await initBackend({ choice: backend });
  const got = tf.tidy(fn).map((g) => g.dataSync() as Float32Array);
  assert.equal(got.length, expected.length);
  got.forEach((g, i) => {
    assert.equal(g.length, expected[i].length);
    const worst = Math.max(...g.map((v, j) => Math.abs(v - expected[i][j])));
    assert.ok(worst <= TOLERANCE, `${backend}: gradient ${i} differs from the stock cpu kernels by ${worst}`);
  });
}
