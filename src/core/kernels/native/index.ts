// The fused kernels on the native backend (tfjs-node): custom TensorFlow ops, one per recurrence,
// decoder loop, loss and optimizer update, behind the same wrappers as the wasm kernels. linear
// (x W + b) and the decoding log-softmax stay TensorFlow's own: one op each there already, on
// oneDNN/Eigen with the same thread pool, nothing to fuse.
import { tf } from '../../backend/tf';
import type { Kernels } from '../types';
import { referenceKernels } from '../reference';
import { FusedAdam } from '../wasm/adam';
import { fusedDecoder } from '../wasm/decoder';
import { fusedNll } from '../wasm/loss';
import { fusedRnn } from '../wasm/rnn';
import { loadNativeOps, runNative } from './ops';

/** Throws a one-line reason when the ops cannot run here. */
export function createNativeKernels(): Kernels {
  if (tf.getBackend() !== 'tensorflow') throw new Error(`the native kernels run on the tensorflow backend, not ${tf.getBackend()}`);
  loadNativeOps();
  return {
    name: 'fused',
    rnn: (r) => fusedRnn(r, runNative),
    attentionDecoder: (r, training) => fusedDecoder(r, training, runNative),
    linear: () => undefined,
    nll: (logits, targets, weights) => fusedNll(logits, targets, weights, runNative),
    logSoftmax: referenceKernels.logSoftmax,
    adam: (vars, settings) => new FusedAdam(vars, settings, runNative),
  };
}
