// x W + b on the packed GEMM on wasm (matmul.c), with the weights' packs cached (heap.ts).
import type { tf, Tensor2D } from '../../backend/tf';
import { registerFused, run, withGradient } from './register';
import type { KernelExports } from './module';
import { split } from './split';

export function registerMatMulKernels(k: KernelExports): void {
  registerFused('S2sLinear', k, (k, heap, { x, w, b }) => {
    const [M, K] = x!.shape;
    const N = w!.shape[1];
    const y = heap.out([M, N]);
    split(heap, k, M, (p) => p.call('matmul_fwd', [p.B, N, K, p.rows(x), p.packed(w, 'nn'), p.whole(b), p.out(y)]));
    return [y];
  });
  registerFused('S2sLinearGrad', k, (k, heap, { x, w, b, dy }) => {
    const [M, K] = x!.shape;
    const N = w!.shape[1];
    const [dx, dw] = [heap.out([M, K]), heap.out([K, N])];
    const db = b ? heap.out([N]) : undefined;
    split(heap, k, M, (p) => {
      const args = [p.rows(x), p.packed(w, 'tn'), p.rows(dy), p.out(dx), p.sum(dw), p.sum(db)];
      p.call('matmul_bwd', [p.B, N, K, ...args]);
    });
    return db ? [dx, dw, db] : [dx, dw];
  });
}

/** x [M, K] . w [K, N] (+ b) for K % 4 == 0 (gemm_tn_acc's rows in the gradient); else undefined. */
export function fusedLinear(x: tf.Tensor, w: tf.Tensor, b?: tf.Tensor): Tensor2D | undefined {
  if (x.rank !== 2 || w.rank !== 2 || (x.shape[1] as number) % 4 !== 0) return undefined;
  const inputs = b ? [x, w, b] : [x, w];
  return withGradient(
    inputs,
    (x, w, b) => ({ value: run('S2sLinear', { x, w, b })[0], saved: [x, w, ...(b ? [b] : [])] }),
    (dy, [x, w, b]) => run('S2sLinearGrad', { x, w, b, dy }),
  ) as Tensor2D;
}
