// Fused log-softmax + NLL on wasm (loss.c): no [N, V] one-hot, one pass forward, one backward.
import type { tf } from '../../backend/tf';
import type { Runner } from './register';
import { registerFused, run as wasmRun, withGradient } from './register';
import type { KernelExports } from './module';
import { split } from './split';

export function registerLossKernels(k: KernelExports): void {
  registerFused('S2sLogSoftmax', k, (k, heap, { z }) => {
    const [N, V] = z!.shape;
    const out = heap.out([N, V]);
    split(heap, k, N, (p) => p.call('log_softmax', [p.B, V, p.rows(z), p.out(out)]));
    return [out];
  });
  registerFused('S2sNllFwd', k, (k, heap, { logits, targets, weights }) => {
    const [N, V] = logits!.shape;
    const loss = heap.out([]);
    const lse = heap.out([N]);
    let value = 0;
    split(heap, k, N, (p) => {
      const args = [p.rows(logits), p.rows(targets), p.rows(weights), p.out(lse)];
      p.call('nll_fwd', [p.B, V, ...args], (part) => (value += part));
    });
    new Float32Array(k.memory.buffer, heap.ptr(loss), 1)[0] = value;
    return [loss, lse];
  });
  registerFused('S2sNllBwd', k, (k, heap, { logits, targets, weights, lse, dy }) => {
    const [N, V] = logits!.shape;
    const dz = heap.out([N, V]);
    const dloss = new Float32Array(k.memory.buffer, heap.ptr(dy), 1)[0];
    split(heap, k, N, (p) => {
      const args = [p.rows(logits), p.rows(targets), p.rows(weights), p.rows(lse), dloss, p.out(dz)];
      p.call('nll_bwd', [p.B, V, ...args]);
    });
    return [dz];
  });
}

/** Log-softmax over the rows of z [N, V], for decoding (no gradient). */
export function fusedLogSoftmax(z: tf.Tensor2D): tf.Tensor2D {
  return wasmRun('S2sLogSoftmax', { z })[0] as tf.Tensor2D;
}

export function fusedNll(
  logits: tf.Tensor2D,
  targets: tf.Tensor1D,
  weights: tf.Tensor1D,
  run: Runner = wasmRun,
): tf.Scalar {
  return withGradient(
    [logits],
    (z) => {
      const [loss, lse] = run('S2sNllFwd', { logits: z, targets, weights });
      // Tensors the backward pass reads are saved: what the forward closure sees is gone by then.
      return { value: loss, saved: [z, lse, targets, weights] };
    },
    (dy, [z, lse, t, w]) => run('S2sNllBwd', { logits: z, targets: t, weights: w, lse, dy }),
  ) as tf.Scalar;
}
