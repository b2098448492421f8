// Multi-head scaled dot-product attention (Vaswani et al. 2017, section 3.2): each of H heads
// attends with its own d/H-dimensional projections of the queries, keys and values; the heads'
// results are concatenated and projected back to d. Self-attention projects q, k and v with one
// [d, 3d] matmul; cross-attention projects the queries from the decoder and the keys and values
// (once per source, [d, 2d]) from the encoder's output. The heads are column blocks of those
// matrices, which the kernels read in place (kernels().attention).
import type { Tensor2D, Tensor3D, Tensor4D } from '../../backend/tf';
import { tf } from '../../backend/tf';
import { kernels } from '../../kernels';
import { linear } from '../matmul';
import type { Params } from '../params';

/** Keys and values side by side, [B, T, 2d]: k in columns [0, d), v in [d, 2d). */
export type KeyValues = Tensor3D;

/** Which keys a query may see: padding [B, Tk] (1 for real keys) and the causal rule. */
export interface KeyMask {
  padding?: Tensor2D;
  causal: boolean;
}

export interface Attended {
  /** The heads' results, merged and projected, [B Tq, d]. */
  out: Tensor2D;
  /** When asked for (decoding): [B, H, Tq, Tk], rows summing to 1 over the keys attended to. */
  weights?: Tensor4D;
}

export class MultiHeadAttention {
  private readonly in: { w: tf.Variable; b: tf.Variable };
  private readonly kv?: { w: tf.Variable; b: tf.Variable };
  private readonly wo: tf.Variable;
  private readonly bo: tf.Variable;

  constructor(
    params: Params,
    name: string,
    private readonly size: number,
    private readonly heads: number,
    kind: 'self' | 'cross',
  ) {
    // Self: W_qkv [d, 3d]; cross: W_q [d, d] here, W_kv [d, 2d] for the memory.
    const width = kind === 'self' ? 3 * size : size;
    const w = params.weight(`${name}/${kind === 'self' ? 'Wqkv' : 'Wq'}`, [size, width]);
    this.in = { w, b: params.bias(`${name}/${kind === 'self' ? 'bqkv' : 'bq'}`, width) };
    if (kind === 'cross')
      this.kv = { w: params.weight(`${name}/Wkv`, [size, 2 * size]), b: params.bias(`${name}/bkv`, 2 * size) };
    this.wo = params.weight(`${name}/Wo`, [size, size]);
    this.bo = params.bias(`${name}/bo`, size);
  }

  /** Self-attention's queries, keys and values of x [B T, d], side by side: [B T, 3d]. */
  projectSelf(x: Tensor2D): Tensor2D {
    return linear(x, this.in.w, this.in.b);
  }

  /** Cross-attention's queries of the decoder's x [B T, d]: [B T, d]. */
  projectQueries(x: Tensor2D): Tensor2D {
    return linear(x, this.in.w, this.in.b);
  }

  /** Cross-attention's keys and values of the encoder's output m [B S, d]: [B, S, 2d]. */
  projectKeyValues(m: Tensor2D, B: number): KeyValues {
    return tf.reshape(linear(m, this.kv!.w, this.kv!.b), [B, -1, 2 * this.size]) as KeyValues;
  }

  /** Self-attention among the positions of qkv = projectSelf(x), [B T, 3d], read in place. */
  attendOwn(qkv: Tensor2D, B: number, mask: KeyMask, withWeights = false): Attended {
    return this.attend(qkv, qkv, this.size, B, mask, withWeights);
  }

  /** The queries in the first d columns of q [B Tq, *] over the keys and values kv [B, Tk, 2d]. */
  attendTo(q: Tensor2D, kv: KeyValues, mask: KeyMask, withWeights = false): Attended {
    const [B, Tk] = kv.shape;
    return this.attend(q, tf.reshape(kv, [B * Tk, 2 * this.size]) as Tensor2D, 0, B, mask, withWeights);
  }

  /** keys [B Tk, *]: k in columns [at, at + d), v in [at + d, at + 2d). */
  private attend(q: Tensor2D, keys: Tensor2D, at: number, B: number, mask: KeyMask, withWeights: boolean): Attended {
    const d = this.size;
    const r = kernels().attention({
      q: { matrix: q, offset: 0 },
      k: { matrix: keys, offset: at },
      v: { matrix: keys, offset: at + d },
      batch: B,
      heads: this.heads,
      width: d,
      scale: 1 / Math.sqrt(d / this.heads),
      keyMask: mask.padding,
      causal: mask.causal,
      withWeights,
    });
    return { out: linear(r.context, this.wo, this.bo), weights: r.weights };
  }
}
