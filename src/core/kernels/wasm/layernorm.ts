// Fused layer normalisation on wasm (layernorm.c): one kernel forward, one backward, where tfjs
// runs ~10 and ~20 (moments, centring, scaling and their gradients). Rows split between the
// threads (split.ts); the gain and shift gradients are summed over them. The wrapper
// (fusedLayerNorm) also runs the native backend's ops of the same signature (../native/layernorm.cc).
import type { Tensor2D } from '../../backend/tf';
import type { tf } from '../../backend/tf';
import { LAYER_NORM_EPSILON } from '../reference';
import type { Runner } from './register';
import { registerFused, run as wasmRun, withGradient } from './register';
import type { KernelExports } from './module';
import { split } from './split';

export function registerLayerNormKernels(k: KernelExports): void {
  registerFused('S2sLayerNormFwd', k, (k, heap, { x, g, b }, a) => {
    const [N, d] = x!.shape;
    const [y, mean, rstd] = [heap.out([N, d]), heap.out([N]), heap.out([N])];
    split(heap, k, N, (p) =>
      p.call('ln_fwd', [p.B, d, a.eps, p.rows(x), p.whole(g), p.whole(b), p.out(y), p.out(mean), p.out(rstd)]),
    );
    return [y, mean, rstd];
  });
  registerFused('S2sLayerNormBwd', k, (k, heap, { x, g, mean, rstd, dy }) => {
    const [N, d] = x!.shape;
    const [dx, dg, db] = [heap.out([N, d]), heap.out([d]), heap.out([d])];
    split(heap, k, N, (p) => {
      const args = [p.rows(x), p.whole(g), p.rows(mean), p.rows(rstd), p.rows(dy), p.out(dx), p.sum(dg), p.sum(db)];
      p.call('ln_bwd', [p.B, d, ...args]);
    });
    return [dx, dg, db];
  });
}

/** Widths the SIMD loops take (multiples of 4); the reference runs the others. */
export function layerNormFits(x: tf.Tensor): boolean {
  return (x.shape[1] as number) % 4 === 0;
}

/** run: the wasm kernels', or the native backend's custom ops (../native/layernorm.cc). */
export function fusedLayerNorm(x: Tensor2D, gain: tf.Tensor, shift: tf.Tensor, run: Runner = wasmRun): Tensor2D {
  return withGradient(
    [x, gain, shift],
    (x, g, b) => {
      const [y, mean, rstd] = run('S2sLayerNormFwd', { x, g, b }, { eps: LAYER_NORM_EPSILON });
      return { value: y, saved: [x, g, mean, rstd] };
    },
    (dy, [x, g, mean, rstd]) => run('S2sLayerNormBwd', { x, g, mean, rstd, dy }),
  ) as Tensor2D;
}
