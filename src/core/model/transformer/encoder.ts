// The Transformer encoder: a stack of self-attention + feed-forward layers, each sub-layer wrapped
// as x + dropout(f(norm(x))) (pre-norm), with a final normalisation of the stack's output.
import type { Tensor2D } from '../../backend/tf';
import { tf } from '../../backend/tf';
import type { TransformerConfig } from '../config';
import type { Dropout } from '../dropout';
import type { Params } from '../params';
import type { SelfAndFeed } from './layers';
import { LayerNorm, selfAndFeed } from './layers';

export class TransformerEncoder {
  private readonly layers: SelfAndFeed[] = [];
  private readonly finalNorm: LayerNorm;

  constructor(params: Params, c: TransformerConfig) {
    for (let l = 0; l < c.encoderLayers; l++) this.layers.push(selfAndFeed(params, `enc/l${l}`, c));
    this.finalNorm = new LayerNorm(params, 'enc/norm', c.modelSize);
  }

  /** x: embedded sources with their positions, batch-major [B S, d]; padding [B, S]. -> [B S, d] */
  encode(x: Tensor2D, B: number, padding: Tensor2D | undefined, dropout: Dropout): Tensor2D {
    for (const layer of this.layers) {
      const qkv = layer.self.projectSelf(layer.selfNorm.apply(x));
      x = tf.add(x, dropout.apply(layer.self.attendOwn(qkv, B, { padding, causal: false }).out));
      x = tf.add(x, dropout.apply(layer.feed.apply(layer.feedNorm.apply(x))));
    }
    return this.finalNorm.apply(x);
  }
}
