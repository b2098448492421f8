// matMul whose gradient keeps wasm on XNNPACK: the stock gradient multiplies by transposed operands,
// which tfjs-backend-wasm runs in a plain C loop at ~1/15 of the speed. Materialising the
// transposes first is 5x faster per training step there (measured); other backends keep tf.matMul.
import type { Tensor2D } from '../backend/tf';
import { tf } from '../backend/tf';
import { kernels } from '../kernels';

let transposeCache: Map<number, tf.Tensor> | undefined;

function cachedTranspose(w: tf.Tensor): tf.Tensor {
  if (!transposeCache) return tf.transpose(w);
  const id = (w.dataId as { id: number }).id;
  let t = transposeCache.get(id);
  if (!t) {
    t = tf.keep(tf.transpose(w));
    transposeCache.set(id, t);
  }
  return t;
}

const matMulXnn = tf.customGrad(((a: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
  save([a, b]);
  return {
    value: tf.matMul(a as Tensor2D, b as Tensor2D),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sa, sb] = saved as Tensor2D[];
      return [tf.matMul(dy as Tensor2D, cachedTranspose(sb) as Tensor2D), tf.matMul(tf.transpose(sa), dy as Tensor2D)];
    },
  };
}) as unknown as Parameters<typeof tf.customGrad>[0]) as (a: tf.Tensor, b: tf.Tensor) => Tensor2D;

export function matMul(a: tf.Tensor, b: tf.Tensor): Tensor2D {
  return linear(a, b);
}

/** x·W + b for a [N, in] input: the active kernels' where they take it, else tfjs ops. */
export function linear(x: tf.Tensor, w: tf.Tensor, b?: tf.Tensor): Tensor2D {
  const fused = kernels().linear(x, w, b);
  if (fused) return fused;
  const y: Tensor2D =
    tf.getBackend() === 'wasm' ? matMulXnn(x, w) : (tf.matMul(x as Tensor2D, w as Tensor2D) as Tensor2D);
  return b ? (tf.add(y, b) as Tensor2D) : y;
}

/**
 * Runs one training step's forward+backward with each weight's transpose computed once, not once
 * per time step (the weights do not change inside a step).
 */
export function withTransposeCache<T>(fn: () => T): T {
  transposeCache = new Map();
  try {
    return fn();
  } finally {
    for (const t of transposeCache.values()) t.dispose();
    transposeCache = undefined;
  }
}
