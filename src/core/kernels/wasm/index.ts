// The fused kernels on tfjs-backend-wasm, as one Kernels implementation.
import { tf } from '../../backend/tf';
import type { Kernels } from '../types';
import type { Memory } from '../../model/types';
import { referenceKernels } from '../reference';
import { FusedAdam, registerAdamKernel } from './adam';
import { attentionFits, fusedAttention, registerAttentionKernels } from './attention';
import { fusedLayerNorm, layerNormFits, registerLayerNormKernels } from './layernorm';
import { fusedDecoder, registerDecoderKernels } from './decoder';
import { fusedDecodeStep, registerStepKernel } from './step';
import { fusedLogSoftmax, fusedNll, registerLossKernels } from './loss';
import { fusedLinear, registerMatMulKernels } from './matmul';
import type { Variant, WasmBackend } from './module';
import { loadKernels } from './module';
import { fusedRnn, registerRnnKernels } from './rnn';
import { helperThreads, useHelper } from './split';
import { Helper } from './threads';

/** The tfjs-backend-wasm version whose heap layout the kernels were built and tested against. */
export const PINNED_TFJS = '4.22.0';

export interface WasmKernels {
  kernels: Kernels;
  variant: Variant;
  /** 1, or 2 with the helper thread. */
  threads: number;
}

// Widths the SIMD loops of the cells and the attention handle (multiples of 8); other sizes take
// the reference path.
const fits = (n: number) => n % 8 === 0;
const decoderFits = (hiddenSize: number, m: Memory) => [hiddenSize, m.values.shape[2], m.keys.shape[2]].every(fits);

/** threads: 2 starts the helper thread (threads.ts), 1 runs every kernel on the calling thread. */
export async function createWasmKernels(dir?: string, force?: Variant, threads = 1): Promise<WasmKernels> {
  if (tf.getBackend() !== 'wasm') throw new Error(`the fused kernels run on the wasm backend, not ${tf.getBackend()}`);
  if (tf.version_core !== PINNED_TFJS) throw new Error(`built for tfjs ${PINNED_TFJS}, running ${tf.version_core}`);
  const { exports: k, variant } = await loadKernels(tf.backend() as unknown as WasmBackend, dir, force);
  await useHelper(threads > 1 ? await Helper.start(variant, dir) : undefined);
  registerRnnKernels(k);
  registerDecoderKernels(k);
  registerLossKernels(k);
  registerAdamKernel(k);
  registerMatMulKernels(k);
  registerStepKernel(k);
  registerAttentionKernels(k);
  registerLayerNormKernels(k);
  const kernels: Kernels = {
    name: 'fused',
    rnn: (r) => (fits(r.cell.hiddenSize) ? fusedRnn(r) : referenceKernels.rnn(r)),
    attentionDecoder: (r, training) =>
      decoderFits(r.weights.cells[0].hiddenSize, r.memory) ? fusedDecoder(r, training) : undefined,
    decodeStep: (r) => (decoderFits(r.weights.cells[0].hiddenSize, r.memory) ? fusedDecodeStep(r) : undefined),
    linear: fusedLinear,
    attention: (r) => (attentionFits(r) ? fusedAttention(r) : referenceKernels.attention(r)),
    layerNorm: (x, g, b) => (layerNormFits(x) ? fusedLayerNorm(x, g, b) : referenceKernels.layerNorm(x, g, b)),
    nll: fusedNll,
    logSoftmax: fusedLogSoftmax,
    adam: (vars, settings) => new FusedAdam(vars, settings),
  };
  return { kernels, variant, threads: helperThreads() };
}
