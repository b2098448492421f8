// The fused kernels on the native backend (tfjs-node): custom TensorFlow ops, one per recurrence,
// decoder loop, loss, optimizer update, attention block and layer norm (each with its gradient op),
// behind the same wrappers as the wasm kernels. linear (x W + b) and the decoding log-softmax stay
// TensorFlow's own: one op each there already, and its oneDNN matmul beats the Eigen contraction
// the ops use (measured at load 3-5, best of 12 vs best of 5: 1280x1000x768 12.0 vs 13.7 ms, its TN
// gradient shape 9.9 vs 15.1 ms, 64x1000x768 0.75 vs 1.0 ms; only K = 128 went the other way, 3.7
// vs 1.9 ms, ~3 ms of a 300 ms step).
import { tf } from '../../backend/tf';
import type { Kernels } from '../types';
import { referenceKernels } from '../reference';
import { FusedAdam } from '../wasm/adam';
import { fusedDecoder } from '../wasm/decoder';
import { fusedNll } from '../wasm/loss';
import { fusedRnn } from '../wasm/rnn';
import { fusedDecodeStep } from '../wasm/step';
import { fusedAttention } from '../wasm/attention';
import { fusedLayerNorm } from '../wasm/layernorm';
import { loadNativeOps, runNative } from './ops';

/** Throws a one-line reason when the ops cannot run here. */
export function createNativeKernels(): Kernels {
  if (tf.getBackend() !== 'tensorflow')
    throw new Error(`the native kernels run on the tensorflow backend, not ${tf.getBackend()}`);
  loadNativeOps();
  return {
    name: 'fused',
    rnn: (r) => fusedRnn(r, runNative),
    // The ops run one decoder layer; deeper stacks take the per-step loop (fused recurrences).
    attentionDecoder: (r, training) =>
      r.weights.cells.length === 1 ? fusedDecoder(r, training, runNative) : undefined,
    decodeStep: (r) => fusedDecodeStep(r, runNative),
    linear: () => undefined,
    // Any head size and width: the ops' loops are Eigen's, not fixed-width SIMD.
    attention: (r) => fusedAttention(r, runNative),
    layerNorm: (x, g, b) => fusedLayerNorm(x, g, b, runNative),
    nll: (logits, targets, weights) => fusedNll(logits, targets, weights, runNative),
    logSoftmax: referenceKernels.logSoftmax,
    adam: (vars, settings) => new FusedAdam(vars, settings, runNative),
  };
}
