// Attention scores over the encoder outputs: additive (Bahdanau et al. 2014) or Luong's dot/general.
// Everything that depends only on the source (the keys) is computed once per batch, not per step.
import type { Tensor2D, Tensor3D } from '../backend/tf';
import { tf } from '../backend/tf';
import type { AttentionType, RnnConfig } from './config';
import { linear, matMul } from './matmul';
import type { Params } from './params';
import type { Memory } from './types';

export interface AttentionResult {
  /** Soft alignment [B, S]; rows sum to 1 over real tokens. */
  weights: Tensor2D;
  /** Context vector [B, D]. */
  context: Tensor2D;
}

export interface Attention {
  /** mask: [B, S] with 1 for real tokens. */
  prepare(values: Tensor3D, mask?: Tensor2D): Memory;
  /** query: the decoder state [B, H]. */
  attend(query: Tensor2D, memory: Memory): AttentionResult;
  /** Additive attention's query weights W_a, b_a, v_a (the fused decoder reads them). */
  weights?: { wa: tf.Variable; ba: tf.Variable; va: tf.Variable };
}

export function createAttention(params: Params, config: RnnConfig, valueSize: number): Attention {
  return FACTORIES[config.attention as Exclude<AttentionType, 'none'>](params, config, valueSize);
}

type Factory = (params: Params, config: RnnConfig, valueSize: number) => Attention;

const FACTORIES: Record<Exclude<AttentionType, 'none'>, Factory> = {
  // score(s, h_j) = v_a^T tanh(W_a s + U_a h_j)
  additive: (params, config, valueSize) => {
    const A = config.attentionSize;
    const ua = params.weight('att/Ua', [valueSize, A]);
    const wa = params.weight('att/Wa', [config.hiddenSize, A]);
    const ba = params.bias('att/ba', A);
    const va = params.weight('att/va', [A, 1]);
    return {
      weights: { wa, ba, va },
      prepare: (values, mask) => ({ values, keys: projectKeys(values, ua), maskBias: maskBias(mask) }),
      attend: (query, m) => {
        const [B, S, K] = m.keys.shape;
        const e = tf.tanh(tf.add(m.keys, tf.expandDims(linear(query, wa, ba), 1))); // [B, S, A]
        return weigh(tf.reshape(matMul(tf.reshape(e, [B * S, K]), va), [B, S]) as Tensor2D, m);
      },
    };
  },
  // score(s, h_j) = s^T h_j
  dot: () => ({
    prepare: (values, mask) => ({ values, keys: values, maskBias: maskBias(mask) }),
    attend: (query, m) => weigh(dotScores(query, m.keys), m),
  }),
  // score(s, h_j) = s^T W h_j, with W h_j precomputed as the keys
  general: (params, config, valueSize) => {
    const w = params.weight('att/W', [valueSize, config.hiddenSize]);
    return {
      prepare: (values, mask) => ({ values, keys: projectKeys(values, w), maskBias: maskBias(mask) }),
      attend: (query, m) => weigh(dotScores(query, m.keys), m),
    };
  },
};

function projectKeys(values: Tensor3D, w: tf.Tensor): Tensor3D {
  const [B, S, D] = values.shape;
  return tf.reshape(matMul(tf.reshape(values, [B * S, D]), w), [B, S, -1]) as Tensor3D;
}

function dotScores(query: Tensor2D, keys: Tensor3D): Tensor2D {
  return tf.sum(tf.mul(keys, tf.expandDims(query, 1)), 2) as Tensor2D;
}

function maskBias(mask?: Tensor2D): Tensor2D | undefined {
  return mask ? (tf.mul(tf.sub(1, mask), -1e9) as Tensor2D) : undefined;
}

function weigh(scores: Tensor2D, m: Memory): AttentionResult {
  const weights = tf.softmax(m.maskBias ? tf.add(scores, m.maskBias) : scores) as Tensor2D;
  const context = tf.sum(tf.mul(tf.expandDims(weights, 2), m.values), 1) as Tensor2D;
  return { weights, context };
}
