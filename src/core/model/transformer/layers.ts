// The Transformer's per-position blocks: layer normalisation (Ba et al. 2016) and the position-wise
// feed-forward block, and the sub-layers every encoder and decoder layer has. Rows are positions, [N, d].
import type { Tensor2D } from '../../backend/tf';
import { tf } from '../../backend/tf';
import { kernels } from '../../kernels';
import type { TransformerConfig } from '../config';
import { linear } from '../matmul';
import type { Params } from '../params';
import { MultiHeadAttention } from './attention';

export class LayerNorm {
  private readonly gain: tf.Variable;
  private readonly shift: tf.Variable;

  constructor(params: Params, name: string, size: number) {
    this.gain = params.bias(`${name}/g`, size, 1);
    this.shift = params.bias(`${name}/b`, size);
  }

  /** Each row to zero mean and unit variance, then scaled and shifted: [N, d] -> [N, d]. */
  apply(x: Tensor2D): Tensor2D {
    return kernels().layerNorm(x, this.gain, this.shift);
  }
}

/** FFN(x) = max(0, x W1 + b1) W2 + b2: [N, d] -> [N, d_ff] -> [N, d]. */
export class FeedForward {
  private readonly w1: tf.Variable;
  private readonly b1: tf.Variable;
  private readonly w2: tf.Variable;
  private readonly b2: tf.Variable;

  constructor(params: Params, name: string, size: number, innerSize: number) {
    this.w1 = params.weight(`${name}/W1`, [size, innerSize]);
    this.b1 = params.bias(`${name}/b1`, innerSize);
    this.w2 = params.weight(`${name}/W2`, [innerSize, size]);
    this.b2 = params.bias(`${name}/b2`, size);
  }

  apply(x: Tensor2D): Tensor2D {
    return linear(tf.relu(linear(x, this.w1, this.b1)), this.w2, this.b2);
  }
}

/** Self-attention and feed-forward, each with the norm before it: what every layer of both stacks has. */
export interface SelfAndFeed {
  selfNorm: LayerNorm;
  self: MultiHeadAttention;
  feedNorm: LayerNorm;
  feed: FeedForward;
}

export function selfAndFeed(params: Params, name: string, c: TransformerConfig): SelfAndFeed {
  return {
    selfNorm: new LayerNorm(params, `${name}/self_norm`, c.modelSize),
    self: new MultiHeadAttention(params, `${name}/self`, c.modelSize, c.heads, 'self'),
    feedNorm: new LayerNorm(params, `${name}/ff_norm`, c.modelSize),
    feed: new FeedForward(params, `${name}/ff`, c.modelSize, c.feedForwardSize),
  };
}
