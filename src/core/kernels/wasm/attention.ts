// Fused multi-head attention on wasm (attention.c): scores, masks, softmax and the weighted sum in
// one kernel, their gradients in another, on the model's row-major matrices (no head transposes).
// tfjs runs ~25 kernels for the same, among them batched matmuls of many tiny matrices, its slowest.
import type { Tensor2D, Tensor4D } from '../../backend/tf';
import type { tf } from '../../backend/tf';
import type { AttentionResult, AttentionRun } from '../types';
import { registerFused, run, withGradient } from './register';
import type { KernelExports } from './module';
import type { Heap } from './heap';

/** Column offsets and row strides of q, k and v, as attrs. */
const LAYOUT = ['qo', 'qs', 'ko', 'ks', 'vo', 'vs'] as const;

export function registerAttentionKernels(k: KernelExports): void {
  registerFused('S2sAttentionFwd', k, (k, heap, { q, k: keys, v, mask }, a) => {
    const { B, H, Tq, Tk, d } = shape(a);
    const [context, weights] = [heap.out([B * Tq, d]), heap.out([B, H, Tq, Tk])];
    k.attn_fwd(
      B,
      H,
      Tq,
      Tk,
      d / H,
      a.scale,
      ...at(heap, a, q, keys, v),
      heap.ptr(mask),
      a.causal,
      ...heap.ptrs(context, weights),
    );
    return [context, weights];
  });
  // Inputs: the distinct matrices of q, k and v (m0, m1, m2: which is which in the attrs qm, km, vm).
  registerFused('S2sAttentionBwd', k, (k, heap, inputs, a) => {
    const { B, H, Tq, Tk, d } = shape(a);
    const matrices = [inputs.m0, inputs.m1, inputs.m2].filter((m) => m !== undefined);
    const grads = matrices.map((m) => heap.out(m!.shape));
    for (const g of grads) new Float32Array(k.memory.buffer, heap.ptr(g), g.shape[0] * g.shape[1]).fill(0);
    const [q, keys, v] = [a.qm, a.km, a.vm].map((i) => matrices[i]);
    const [dq, dk, dv] = [a.qm, a.km, a.vm].map((i) => grads[i]);
    const [qp, qs, kp, ks, vp, vs] = at(heap, a, q, keys, v);
    const [dqp, , dkp, , dvp] = at(heap, a, dq, dk, dv);
    heap.scratch([Tk], (dw) =>
      k.attn_bwd(
        B,
        H,
        Tq,
        Tk,
        d / H,
        a.scale,
        qp,
        qs,
        kp,
        ks,
        vp,
        vs,
        ...heap.ptrs(inputs.weights, inputs.dy),
        dqp,
        dkp,
        dvp,
        dw,
      ),
    );
    return grads;
  });
}

function shape(a: Record<string, number>) {
  return { B: a.batch, H: a.heads, Tq: a.queries, Tk: a.keys, d: a.width };
}

/** Pointers to the first column of q, k, v (in matrices of their shapes) with their row strides. */
function at(heap: Heap, a: Record<string, number>, q?: tf.TensorInfo, k?: tf.TensorInfo, v?: tf.TensorInfo): number[] {
  const column = (m: tf.TensorInfo | undefined, offset: number) => heap.ptr(m) + 4 * offset;
  return [column(q, a.qo), a.qs, column(k, a.ko), a.ks, column(v, a.vo), a.vs];
}

/** Head sizes the SIMD loops take (multiples of 4); the reference runs the others. */
export function attentionFits(r: AttentionRun): boolean {
  return (r.width / r.heads) % 4 === 0;
}

export function fusedAttention(r: AttentionRun): AttentionResult {
  const columns = [r.q, r.k, r.v];
  const matrices = [...new Set(columns.map((c) => c.matrix))];
  const [qm, km, vm] = columns.map((c) => matrices.indexOf(c.matrix));
  const attrs: Record<string, number> = {
    batch: r.batch,
    heads: r.heads,
    width: r.width,
    queries: r.q.matrix.shape[0] / r.batch,
    keys: r.k.matrix.shape[0] / r.batch,
    scale: r.scale,
    causal: r.causal ? 1 : 0,
    qm,
    km,
    vm,
  };
  columns.forEach((c, i) => {
    attrs[LAYOUT[2 * i]] = c.offset;
    attrs[LAYOUT[2 * i + 1]] = c.matrix.shape[1];
  });
  const forward = (ms: tf.Tensor[]) =>
    run('S2sAttentionFwd', { q: ms[qm], k: ms[km], v: ms[vm], mask: r.keyMask }, attrs);
  if (r.withWeights) {
    const [context, weights] = forward(matrices);
    return { context: context as Tensor2D, weights: weights as Tensor4D };
  }
  const context = withGradient(
    matrices,
    (...ms) => {
      const [context, weights] = forward(ms);
      return { value: context, saved: [...ms, weights] };
    },
    (dy, saved) => {
      const [m0, m1, m2] = saved.slice(0, matrices.length);
      return run('S2sAttentionBwd', { m0, m1, m2, weights: saved[matrices.length], dy }, attrs);
    },
  ) as Tensor2D;
  return { context };
}
