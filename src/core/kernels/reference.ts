// The reference kernels: per-op TensorFlow.js, one small op at a time. Readable, available on every
// backend, and the oracle the fused kernels are tested against.
import type { Tensor1D, Tensor2D } from '../backend/tf';
import { tf, tidy } from '../backend/tf';
import type { CellState } from '../model/types';
import { splitSteps } from '../model/steps';
import type { AdamSettings, AdamUpdater, Kernels, RnnResult, RnnRun } from './types';

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
  const optimizer = new ScheduledAdam(settings.learningRate, 0.9, 0.999);
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
  nll,
  adam,
  logSoftmax: (x) => tf.logSoftmax(x),
};
