// The Transformer decoder: layers of masked self-attention, cross-attention over the encoder's output
// and a feed-forward block, pre-norm as in the encoder. Trained over all target positions at once
// (a causal mask hides the future); decoded one position at a time, each layer keeping the keys and
// values of the positions before (the cache), so a step costs one position, not the whole prefix.
import type { Tensor2D, Tensor4D } from '../../backend/tf';
import { tf } from '../../backend/tf';
import type { TransformerConfig } from '../config';
import type { Dropout } from '../dropout';
import type { Params } from '../params';
import type { KeyValues } from './attention';
import { MultiHeadAttention } from './attention';
import type { SelfAndFeed } from './layers';
import { LayerNorm, selfAndFeed } from './layers';

/** Cross-attention between self-attention and feed-forward. */
interface DecoderLayer extends SelfAndFeed {
  crossNorm: LayerNorm;
  cross: MultiHeadAttention;
}

/** What the decoder reads of the source; batch on axis 0. */
export interface CrossMemory {
  /** Each layer's cross-attention keys and values, [B, S, 2d]. */
  layers: KeyValues[];
  /** 1 for real source tokens, [B, S]; absent when no source is padded. */
  padding?: Tensor2D;
}

/** The self-attention cache of incremental decoding: each layer's keys and values so far, [N, t, 2d]. */
export interface SelfCache {
  /** Empty before the first step. */
  layers: KeyValues[];
}

export interface DecoderStep {
  /** Normalised output of the top layer, [N, d]. */
  out: Tensor2D;
  cache: SelfCache;
  /** Cross-attention of every layer and head, [N, L, H, S]. */
  cross: Tensor4D;
}

/** Runs a layer's self-attention on its own projections qkv [B T, 3d]; returns the attended [B T, d]. */
type SelfAttention = (self: MultiHeadAttention, qkv: Tensor2D) => Tensor2D;

export class TransformerDecoder {
  private readonly layers: DecoderLayer[] = [];
  private readonly finalNorm: LayerNorm;

  constructor(
    params: Params,
    private readonly config: TransformerConfig,
  ) {
    const d = config.modelSize;
    for (let l = 0; l < config.decoderLayers; l++) {
      const name = `dec/l${l}`;
      this.layers.push({
        ...selfAndFeed(params, name, config),
        crossNorm: new LayerNorm(params, `${name}/cross_norm`, d),
        cross: new MultiHeadAttention(params, `${name}/cross`, d, config.heads, 'cross'),
      });
    }
    this.finalNorm = new LayerNorm(params, 'dec/norm', d);
  }

  /** Every layer's cross-attention keys and values of the encoder's output [B S, d]. */
  prepare(encoded: Tensor2D, B: number, padding: Tensor2D | undefined): CrossMemory {
    return { layers: this.layers.map((layer) => layer.cross.projectKeyValues(encoded, B)), padding };
  }

  /** Teacher-forced: embedded targets with positions [B T, d] -> the top layer's normalised output [B T, d]. */
  forward(y: Tensor2D, B: number, memory: CrossMemory, dropout: Dropout): Tensor2D {
    const causal = (self: MultiHeadAttention, qkv: Tensor2D) => self.attendOwn(qkv, B, { causal: true }).out;
    this.layers.forEach((_, l) => {
      y = this.layer(l, y, memory, dropout, causal).y;
    });
    return this.finalNorm.apply(y);
  }

  /** One position for N rows: y [N, d], embedded at position t = the cache's length. */
  step(y: Tensor2D, cache: SelfCache, memory: CrossMemory, dropout: Dropout): DecoderStep {
    const N = y.shape[0];
    const d = this.config.modelSize;
    const layers: KeyValues[] = [];
    const cross: Tensor4D[] = [];
    this.layers.forEach((_, l) => {
      // The new position's keys and values join the cache; it attends to them all (no mask needed).
      const overCache = (self: MultiHeadAttention, qkv: Tensor2D) => {
        const own = tf.reshape(tf.slice(qkv, [0, d], [N, 2 * d]), [N, 1, 2 * d]) as KeyValues;
        const past = cache.layers[l];
        layers.push(past ? (tf.concat([past, own], 1) as KeyValues) : own);
        return self.attendTo(qkv, layers[l], { causal: false }).out;
      };
      const r = this.layer(l, y, memory, dropout, overCache, true);
      y = r.y;
      cross.push(r.cross!);
    });
    // Each layer's [N, H, 1, S] -> [N, L, H, S].
    const stacked = tf.concat(cross, 1);
    return {
      out: this.finalNorm.apply(y),
      cache: { layers },
      cross: tf.reshape(stacked, [N, this.layers.length, this.config.heads, -1]) as Tensor4D,
    };
  }

  /** Layer l on y [B T, d]; with `crossWeights`, its cross-attention weights [B, H, T, S] too. */
  private layer(
    l: number,
    y: Tensor2D,
    memory: CrossMemory,
    dropout: Dropout,
    attendSelf: SelfAttention,
    crossWeights = false,
  ): { y: Tensor2D; cross?: Tensor4D } {
    const layer = this.layers[l];
    y = tf.add(y, dropout.apply(attendSelf(layer.self, layer.self.projectSelf(layer.selfNorm.apply(y)))));
    const query = layer.cross.projectQueries(layer.crossNorm.apply(y));
    const cross = layer.cross.attendTo(
      query,
      memory.layers[l],
      { padding: memory.padding, causal: false },
      crossWeights,
    );
    y = tf.add(y, dropout.apply(cross.out));
    y = tf.add(y, dropout.apply(layer.feed.apply(layer.feedNorm.apply(y))));
    return { y, cross: cross.weights };
  }
}
