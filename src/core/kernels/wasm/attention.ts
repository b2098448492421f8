// Fused multi-head attention on wasm (attention.c): scores, masks, softmax and the weighted sum in
// one kernel, their gradients in another, on the model's row-major matrices (no head transposes).
// tfjs runs ~25 kernels for the same, among them batched matmuls of many tiny matrices, its slowest.
// Batch rows are independent, so a call splits them between the threads (split.ts). The wrapper
// (fusedAttention) also runs the native backend's ops of the same signature (../native/attention.cc).
import type { Tensor2D, Tensor4D } from '../../backend/tf';
import type { tf } from '../../backend/tf';
import type { AttentionResult, AttentionRun } from '../types';
import type { Runner } from './register';
import { registerFused, run as wasmRun, withGradient } from './register';
import type { KernelExports } from './module';
import { split } from './split';

type Info = tf.TensorInfo | undefined;

export function registerAttentionKernels(k: KernelExports): void {
  registerFused('S2sAttentionFwd', k, (k, heap, { q, k: keys, v, mask }, a) => {
    const { B, H, Tq, Tk, d } = shape(a);
    const [context, weights] = [heap.out([B * Tq, d]), heap.out([B, H, Tq, Tk])];
    split(heap, k, B, (p) => {
      const operands = columns(a, (m) => p.rows(m), q, keys, v);
      p.call('attn_fwd', [
        p.B,
        H,
        Tq,
        Tk,
        d / H,
        a.scale,
        ...operands,
        p.rows(mask),
        a.causal,
        p.out(context),
        p.out(weights),
      ]);
    });
    return [context, weights];
  });
  // Inputs: the distinct matrices of q, k and v (m0, m1, m2: which is which in the attrs qm, km, vm).
  registerFused('S2sAttentionBwd', k, (k, heap, inputs, a) => {
    const { B, H, Tq, Tk, d } = shape(a);
    const matrices = [inputs.m0, inputs.m1, inputs.m2].filter((m) => m !== undefined);
    const grads = matrices.map((m) => heap.out(m!.shape));
    split(heap, k, B, (p) => {
      const [q, keys, v] = [a.qm, a.km, a.vm].map((i) => matrices[i]);
      const [dq, dk, dv] = [a.qm, a.km, a.vm].map((i) => grads[i]);
      const operands = columns(a, (m) => p.rows(m), q, keys, v);
      const [dqp, , dkp, , dvp] = columns(a, (m) => p.out(m), dq, dk, dv);
      const args = [...operands, p.rows(inputs.weights), p.rows(inputs.dy), dqp, dkp, dvp, p.scratch(Tk)];
      p.call('attn_bwd', [p.B, H, Tq, Tk, d / H, a.scale, ...args]);
    });
    return grads;
  });
}

function shape(a: Record<string, number>) {
  return { B: a.batch, H: a.heads, Tq: a.queries, Tk: a.keys, d: a.width };
}

/**
 * Pointers to the first column of q, k and v in this share's rows of their matrices, with the row
 * strides; a matrix that holds several of them is placed once.
 */
function columns(a: Record<string, number>, place: (m: Info) => number, q: Info, k: Info, v: Info): number[] {
  const placed = new Map<Info, number>();
  const at = (m: Info, offset: number) => {
    if (!placed.has(m)) placed.set(m, place(m));
    return placed.get(m)! + 4 * offset;
  };
  return [at(q, a.qo), a.qs, at(k, a.ko), a.ks, at(v, a.vo), a.vs];
}

/** Head sizes the SIMD loops take (multiples of 4); the reference runs the others. */
export function attentionFits(r: AttentionRun): boolean {
  return (r.width / r.heads) % 4 === 0;
}

/** run: the wasm kernels', or the native backend's custom ops (../native/attention.cc). */
export function fusedAttention(r: AttentionRun, run: Runner = wasmRun): AttentionResult {
  const operands = [r.q, r.k, r.v];
  const matrices = [...new Set(operands.map((c) => c.matrix))];
  const [qm, km, vm] = operands.map((c) => matrices.indexOf(c.matrix));
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
    qo: r.q.offset,
    qs: r.q.matrix.shape[1],
    ko: r.k.offset,
    ks: r.k.matrix.shape[1],
    vo: r.v.offset,
    vs: r.v.matrix.shape[1],
  };
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
