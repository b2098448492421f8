// The Transformer's per-position blocks: layer normalisation (Ba et al. 2016) and the position-wise
// feed-forward block. Rows are positions, [N, d].
import type { Tensor2D } from '../../backend/tf';
import { tf } from '../../backend/tf';
import { kernels } from '../../kernels';
import { linear } from '../matmul';
import type { Params } from '../params';

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
