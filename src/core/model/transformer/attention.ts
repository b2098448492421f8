// Multi-head scaled dot-product attention (Vaswani et al. 2017, section 3.2): each of H heads
// attends with its own d/H-dimensional projections of the queries, keys and values; the heads'
// results are concatenated and projected back to d. Self-attention projects q, k and v with one
// [d, 3d] matmul; cross-attention projects the queries from the decoder and the keys and values
// (once per source, [d, 2d]) from the encoder's output.
import type { Tensor2D, Tensor4D } from '../../backend/tf';
import { tf } from '../../backend/tf';
import { linear } from '../matmul';
import type { Params } from '../params';

/** Keys and values per head, [B, H, Tk, d/H]. */
export interface KeyValues {
  k: Tensor4D;
  v: Tensor4D;
}

export interface Attended {
  /** The heads' results, merged and projected, [B Tq, d]. */
  out: Tensor2D;
  /** Attention weights [B, H, Tq, Tk]; rows sum to 1 over the keys not masked. */
  weights: Tensor4D;
}

export class MultiHeadAttention {
  private readonly headSize: number;
  private readonly wqkv?: tf.Variable;
  private readonly bqkv?: tf.Variable;
  private readonly wq?: tf.Variable;
  private readonly bq?: tf.Variable;
  private readonly wkv?: tf.Variable;
  private readonly bkv?: tf.Variable;
  private readonly wo: tf.Variable;
  private readonly bo: tf.Variable;

  constructor(
    params: Params,
    name: string,
    private readonly size: number,
    private readonly heads: number,
    kind: 'self' | 'cross',
  ) {
    this.headSize = size / heads;
    if (kind === 'self') {
      this.wqkv = params.weight(`${name}/Wqkv`, [size, 3 * size]);
      this.bqkv = params.bias(`${name}/bqkv`, 3 * size);
    } else {
      this.wq = params.weight(`${name}/Wq`, [size, size]);
      this.bq = params.bias(`${name}/bq`, size);
      this.wkv = params.weight(`${name}/Wkv`, [size, 2 * size]);
      this.bkv = params.bias(`${name}/bkv`, 2 * size);
    }
    this.wo = params.weight(`${name}/Wo`, [size, size]);
    this.bo = params.bias(`${name}/bo`, size);
  }

  /** Self-attention: the queries, keys and values of x [B T, d], each [B, H, T, d/H]. */
  projectSelf(x: Tensor2D, B: number, T: number): { q: Tensor4D; kv: KeyValues } {
    const [q, k, v] = tf.split(linear(x, this.wqkv!, this.bqkv), 3, 1) as Tensor2D[];
    return { q: this.queries(q, B, T), kv: { k: this.split(k, B, T), v: this.split(v, B, T) } };
  }

  /** Cross-attention queries from the decoder's x [B T, d]: [B, H, T, d/H]. */
  projectQuery(x: Tensor2D, B: number, T: number): Tensor4D {
    return this.queries(linear(x, this.wq!, this.bq), B, T);
  }

  /** Cross-attention keys and values from the encoder's output m [B S, d]. */
  projectKeyValues(m: Tensor2D, B: number, S: number): KeyValues {
    const [k, v] = tf.split(linear(m, this.wkv!, this.bkv), 2, 1) as Tensor2D[];
    return { k: this.split(k, B, S), v: this.split(v, B, S) };
  }

  /** softmax(q k^T + bias) v per head (q already scaled), merged and projected. bias: broadcast to [B, H, Tq, Tk]. */
  attend(q: Tensor4D, kv: KeyValues, bias?: tf.Tensor): Attended {
    const [B, , T] = q.shape;
    const scores = tf.matMul(q, kv.k, false, true); // [B, H, Tq, Tk]
    const weights = tf.softmax(bias ? tf.add(scores, bias) : scores) as Tensor4D;
    const context = tf.matMul(weights, kv.v); // [B, H, Tq, d/H]
    const merged = tf.reshape(tf.transpose(context, [0, 2, 1, 3]), [B * T, this.size]);
    return { out: linear(merged, this.wo, this.bo), weights };
  }

  /** Queries scaled by 1/sqrt(d/H) here, on [B, H, T, d/H], rather than on the larger scores. */
  private queries(x: Tensor2D, B: number, T: number): Tensor4D {
    return tf.mul(this.split(x, B, T), 1 / Math.sqrt(this.headSize)) as Tensor4D;
  }

  /** [B T, d] -> [B, H, T, d/H]. */
  private split(x: Tensor2D, B: number, T: number): Tensor4D {
    return tf.transpose(tf.reshape(x, [B, T, this.heads, this.headSize]), [0, 2, 1, 3]) as Tensor4D;
  }
}

/** Padding bias for the keys: 0 for real tokens, -1e9 for padding; mask [B, S] -> [B, 1, 1, S]. */
export function keyPaddingBias(mask: Tensor2D): Tensor4D {
  const [B, S] = mask.shape;
  return tf.reshape(tf.mul(tf.sub(1, mask), -1e9), [B, 1, 1, S]) as Tensor4D;
}

/** Causal bias: position t attends to positions <= t only, [1, 1, T, T]. */
export function causalBias(T: number): Tensor4D {
  const bias = new Float32Array(T * T);
  for (let q = 0; q < T; q++) bias.fill(-1e9, q * T + q + 1, (q + 1) * T);
  return tf.tensor4d(bias, [1, 1, T, T]);
}
