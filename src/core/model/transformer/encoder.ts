// The Transformer encoder: a stack of self-attention + feed-forward layers, each sub-layer wrapped
// as x + dropout(f(norm(x))) (pre-norm), with a final normalisation of the stack's output.
import type { Tensor2D } from '../../backend/tf';
import { tf } from '../../backend/tf';
import type { TransformerConfig } from '../config';
import type { Dropout } from '../dropout';
import type { Params } from '../params';
import { MultiHeadAttention } from './attention';
import { FeedForward, LayerNorm } from './layers';

interface EncoderLayer {
  selfNorm: LayerNorm;
  self: MultiHeadAttention;
  feedNorm: LayerNorm;
  feed: FeedForward;
}

export class TransformerEncoder {
  private readonly layers: EncoderLayer[] = [];
  private readonly finalNorm: LayerNorm;

  constructor(params: Params, c: TransformerConfig) {
    const d = c.modelSize;
    for (let l = 0; l < c.encoderLayers; l++) {
      const name = `enc/l${l}`;
      this.layers.push({
        selfNorm: new LayerNorm(params, `${name}/self_norm`, d),
        self: new MultiHeadAttention(params, `${name}/self`, d, c.heads, 'self'),
        feedNorm: new LayerNorm(params, `${name}/ff_norm`, d),
        feed: new FeedForward(params, `${name}/ff`, d, c.feedForwardSize),
      });
    }
    this.finalNorm = new LayerNorm(params, 'enc/norm', d);
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
