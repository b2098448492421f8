// The packed-GEMM matmul on wasm (matmul.c) for large operands; small ones stay on XNNPACK.
import { tf, Tensor2D } from '../../backend/tf';
import { registerFused, run, withGradient } from './register';
import type { KernelExports } from './module';

// Below this many rows XNNPACK is faster (measured: 64 x 256 x 768, 12.3 vs 4.3 ms).
const MIN_ROWS = 256;
const round8 = (n: number) => Math.ceil(n / 8) * 8;

export function registerMatMulKernels(k: KernelExports): void {
  registerFused('S2sMatMul', k, (k, heap, { a, b }) => {
    const [M, K] = a!.shape;
    const N = b!.shape[1];
    const c = heap.out([M, N]);
    heap.scratch([K * round8(N)], (bp) => k.matmul_fwd(M, N, K, heap.ptr(a), heap.ptr(b), heap.ptr(c), bp));
    return [c];
  });
  registerFused('S2sMatMulGrad', k, (k, heap, { a, b, dy }) => {
    const [M, K] = a!.shape;
    const N = b!.shape[1];
    const [da, db] = [heap.out([M, K]), heap.out([K, N])];
    heap.scratch([N * round8(K)], (bp) => k.matmul_bwd(M, N, K, heap.ptr(a), heap.ptr(b), heap.ptr(dy), heap.ptr(da), heap.ptr(db), bp));
    return [da, db];
  });
}

/** a [M, K] . b [K, N] when M is large and K % 4 == 0 (gemm_tn_acc's rows); else undefined. */
export function fusedMatMul(a: tf.Tensor, b: tf.Tensor): Tensor2D | undefined {
  const [M, K] = a.shape as number[];
  if (a.rank !== 2 || b.rank !== 2 || M < MIN_ROWS || K % 4 !== 0) return undefined;
  return withGradient(
    [a, b],
    (a, b) => ({ value: run('S2sMatMul', { a, b })[0], saved: [a, b] }),
    (dy, [a, b]) => run('S2sMatMulGrad', { a, b, dy }),
  ) as Tensor2D;
}
