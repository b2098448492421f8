// Shared by the hand-written kernels' gradient tests: the reference is always tfjs's stock cpu kernels,
// computed before initBackend replaces any of them; the candidates run on every backend set up here.
import assert from 'node:assert/strict';
import { describeBackend, initBackend, type BackendName } from '../../src/core/backend';
import { tf } from '../../src/core/backend/tf';
import type { KernelsName } from '../../src/core/kernels';
import { makeRng } from '../../src/core/util/random';

export const TOLERANCE = 1e-5;

export interface Setup {
  backend: BackendName;
  kernels: KernelsName;
}

/**
 * cpu and wasm always, wasm with the reference kernels (tfjs ops and model/matmul's own gradient) and
 * with the fused ones; native TensorFlow when this run was asked for it (CI's tensorflow pass).
 */
export const GRADIENT_SETUPS: Setup[] = [
  { backend: 'cpu', kernels: 'reference' },
  { backend: 'wasm', kernels: 'reference' },
  { backend: 'wasm', kernels: 'fused' },
  ...(process.env.SEQ2SEQ_BACKEND === 'tensorflow' ? [{ backend: 'tensorflow', kernels: 'reference' } as const] : []),
];
export const SETUP_NAMES = GRADIENT_SETUPS.map((s) => `${s.backend}/${s.kernels}`).join(', ');

/** Values in [-1, 1) from a fixed seed. */
export function seeded(shape: number[], seed: number): tf.Tensor {
  const rng = makeRng(seed);
  return tf.tensor(
    Float32Array.from({ length: shape.reduce((a, d) => a * d, 1) }, () => 2 * rng() - 1),
    shape,
  );
}

/** The gradients `fn` gives, as plain arrays, on tfjs's stock cpu backend (no initBackend yet). */
export async function stockCpuGradients(fn: () => tf.Tensor[]): Promise<Float32Array[]> {
  assert.ok(await tf.setBackend('cpu'));
  return tf.tidy(fn).map((g) => g.dataSync() as Float32Array);
}

/** Runs `fn` on a backend and kernels (started the way the program starts them) and compares with `expected`. */
export async function assertGradientsMatch(
  setup: Setup,
  expected: Float32Array[],
  fn: () => tf.Tensor[],
): Promise<void> {
  const where = describeBackend(await initBackend({ choice: setup.backend, kernels: setup.kernels }));
  const got = tf.tidy(fn).map((g) => g.dataSync() as Float32Array);
  assert.equal(got.length, expected.length);
  got.forEach((g, i) => {
    assert.equal(g.length, expected[i].length);
    const worst = Math.max(...g.map((v, j) => Math.abs(v - expected[i][j])));
    assert.ok(worst <= TOLERANCE, `${where}: gradient ${i} differs from the stock cpu kernels by ${worst}`);
  });
}
