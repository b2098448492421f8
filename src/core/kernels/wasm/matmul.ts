// x W + b on the packed GEMM on wasm (matmul.c), with the weights' packs cached (heap.ts).
import type { tf, Tensor2D } from '../../backend/tf';
import { registerFused, run, withGradient } from './register';
import type { KernelExports } from './module';

export function registerMatMulKernels(k: KernelExports): void {
  registerFused('S2sLinear', k, (k, heap, { x, w, b }) => {
    const [M, K] = x!.shape;
    const N = w!.shape[1];
    const y = heap.out([M, N]);
    k.matmul_fwd(M, N, K, heap.ptr(x), heap.packed(w, 'nn'), heap.ptr(b), heap.ptr(y));
    return [y];
  });
  registerFused('S2sLinearGrad', k, (k, heap, { x, w, b, dy }) => {
    const [M, K] = x!.shape;
    const N = w!.shape[1];
    const [dx, dw] = [heap.out([M, K]), heap.out([K, N])];
    const db = b ? heap.out([N]) : undefined;
    k.matmul_bwd(M, N, K, heap.ptr(x), heap.packed(w, 'tn'), heap.ptr(dy), heap.ptr(dx), heap.ptr(dw), heap.ptr(db));
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
