// The reference kernels: per-op TensorFlow.js, one small op at a time. Readable, available on every
// backend, and the oracle the fused kernels are tested against.
import type { Tensor1D, Tensor2D, Tensor4D } from '../backend/tf';
import { tf, tidy } from '../backend/tf';
import type { CellState } from '../model/types';
import { splitSteps } from '../model/steps';
import type {
  AdamSettings,
  AdamUpdater,
  AttentionResult,
  AttentionRun,
  Kernels,
  MatrixColumns,
  RnnResult,
  RnnRun,
} from './types';
import { ADAM_BETA1, ADAM_BETA2 } from './types';

/** PyTorch's nn.LayerNorm default. */
export const LAYER_NORM_EPSILON = 1e-5;

function rnn(r: RnnRun): RnnResult {
  const { cell, steps: T } = r;
  const gx = splitSteps(r.gx, T); // T x [B, G]
  // Steps where no row is padded skip the state carry (3 ops per step and direction).
  const masks = r.mask && splitSteps(r.mask, T).map((m, t) => (t < (r.unpaddedSteps ?? 0) ? undefined : m));
  let state = r.initial;
  const outputs: Tensor2D[] = new Array(T);
  for (let i = 0; i < T; i++) {
    const t = r.reverse ? T - 1 - i : i;
    const prev = state;
    state = tidy(() => carryState(cell.step(gx[t], prev), prev, masks?.[t]));
    outputs[t] = state.h;
  }
  return { outputs: T === 1 ? outputs[0] : (tf.concat(outputs, 0) as Tensor2D), final: state };
}

/** Keeps the previous state where mask is 0 (padding), so final states belong to the last real token. */
function carryState(next: CellState, prev: CellState, mask: Tensor2D | undefined): CellState {
  if (!mask) return next;
  const pick = (a: Tensor2D, b: Tensor2D) => tf.add(b, tf.mul(mask, tf.sub(a, b))) as Tensor2D;
  return next.c ? { h: pick(next.h, prev.h), c: pick(next.c, prev.c!) } : { h: pick(next.h, prev.h) };
}

function attention(r: AttentionRun): AttentionResult {
  const { batch: B, heads: H, width: d } = r;
  // [B T, d] columns -> [B, H, T, d/H]
  const split = (c: MatrixColumns) => {
    const m = c.offset === 0 && c.matrix.shape[1] === d ? c.matrix : tf.slice(c.matrix, [0, c.offset], [-1, d]);
    return tf.transpose(tf.reshape(m, [B, -1, H, d / H]), [0, 2, 1, 3]) as Tensor4D;
  };
  const [q, k, v] = [r.q, r.k, r.v].map(split);
  const [Tq, Tk] = [q.shape[2], k.shape[2]];
  let scores = tf.mul(tf.matMul(q, k, false, true), r.scale); // [B, H, Tq, Tk]
  if (r.keyMask) scores = tf.add(scores, tf.reshape(tf.mul(tf.sub(1, r.keyMask), -1e9), [B, 1, 1, Tk]));
  if (r.causal) scores = tf.add(scores, causalBias(Tq));
  const weights = tf.softmax(scores) as Tensor4D;
  const context = tf.reshape(tf.transpose(tf.matMul(weights, v), [0, 2, 1, 3]), [B * Tq, d]) as Tensor2D;
  return { context, weights: r.withWeights ? weights : undefined };
}

/** -1e9 where key j > query i, [1, 1, T, T]. */
function causalBias(T: number): tf.Tensor {
  const bias = new Float32Array(T * T);
  for (let i = 0; i < T; i++) bias.fill(-1e9, i * T + i + 1, (i + 1) * T);
  return tf.tensor4d(bias, [1, 1, T, T]);
}

function layerNorm(x: Tensor2D, gain: tf.Tensor, shift: tf.Tensor): Tensor2D {
  const { mean, variance } = tf.moments(x, 1, true);
  const normed = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, LAYER_NORM_EPSILON)));
  return tf.add(tf.mul(normed, gain), shift) as Tensor2D;
}

function nll(logits: Tensor2D, targets: Tensor1D, weights: Tensor1D): tf.Scalar {
  const logProbs = tf.logSoftmax(logits);
  const gold = tf.oneHot(targets, logits.shape[1]);
  return tf.sum(tf.mul(tf.neg(tf.sum(tf.mul(gold, logProbs), 1)), weights)) as tf.Scalar;
}

/** tfjs's AdamOptimizer (as tf.train.adam makes it), with a learning rate a schedule may change. */
class ScheduledAdam extends tf.AdamOptimizer {
  setLearningRate(learningRate: number): void {
    this.learningRate = learningRate;
  }
}

/** tfjs's AdamOptimizer on gradients scaled by min(1, clip / global norm). */
function adam(vars: tf.Variable[], settings: AdamSettings): AdamUpdater {
  const optimizer = new ScheduledAdam(settings.learningRate, ADAM_BETA1, settings.beta2 ?? ADAM_BETA2);
  return {
    apply: (grads) => {
      const norm = tf.sqrt(tf.addN(grads.map((g) => tf.sum(tf.square(g))))) as tf.Scalar;
      const scale = tf.minimum(1, tf.div(settings.clipNorm, tf.maximum(norm, 1e-12)));
      // Adam keeps its moments by position, so the gradients go in the parameters' fixed order.
      optimizer.applyGradients(vars.map((v, i) => ({ name: v.name, tensor: tf.mul(grads[i], scale) })));
      return norm;
    },
    get iterations() {
      return optimizer.iterations;
    },
    setLearningRate: (learningRate) => optimizer.setLearningRate(learningRate),
    getWeights: () => optimizer.getWeights(),
    setWeights: (w) => optimizer.setWeights(w),
    dispose: () => optimizer.dispose(),
  };
}

// The reference declines to fuse (undefined): the model runs its per-step loop and tfjs's matMul.
export const referenceKernels: Kernels = {
  name: 'reference',
  rnn,
  attentionDecoder: () => undefined,
  linear: () => undefined,
  attention,
  layerNorm,
  nll,
  adam,
  logSoftmax: (x) => tf.logSoftmax(x),
};
