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
import { MultiHeadAttention, causalBias } from './attention';
import { FeedForward, LayerNorm } from './layers';

interface DecoderLayer {
  selfNorm: LayerNorm;
  self: MultiHeadAttention;
  crossNorm: LayerNorm;
  cross: MultiHeadAttention;
  feedNorm: LayerNorm;
  feed: FeedForward;
}

/** What the decoder reads of the source, per layer; batch on axis 0. */
export interface CrossMemory {
  /** Each layer's cross-attention keys and values, [B, H, S, d/H]. */
  layers: KeyValues[];
  /** Padding bias [B, 1, 1, S]; absent when no source is padded. */
  padding?: Tensor4D;
}

/** The self-attention cache of incremental decoding: each layer's keys and values so far, [N, H, t, d/H]. */
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

export class TransformerDecoder {
  private readonly layers: DecoderLayer[] = [];
  private readonly finalNorm: LayerNorm;

  constructor(params: Params, c: TransformerConfig) {
    const d = c.modelSize;
    for (let l = 0; l < c.decoderLayers; l++) {
      const name = `dec/l${l}`;
      this.layers.push({
        selfNorm: new LayerNorm(params, `${name}/self_norm`, d),
        self: new MultiHeadAttention(params, `${name}/self`, d, c.heads, 'self'),
        crossNorm: new LayerNorm(params, `${name}/cross_norm`, d),
        cross: new MultiHeadAttention(params, `${name}/cross`, d, c.heads, 'cross'),
        feedNorm: new LayerNorm(params, `${name}/ff_norm`, d),
        feed: new FeedForward(params, `${name}/ff`, d, c.feedForwardSize),
      });
    }
    this.finalNorm = new LayerNorm(params, 'dec/norm', d);
  }

  /** Every layer's cross-attention keys and values of the encoder's output [B S, d]. */
  prepare(encoded: Tensor2D, B: number, S: number, padding: Tensor4D | undefined): CrossMemory {
    return { layers: this.layers.map((layer) => layer.cross.projectKeyValues(encoded, B, S)), padding };
  }

  /** Teacher-forced: embedded targets with positions [B T, d] -> the top layer's normalised output [B T, d]. */
  forward(y: Tensor2D, B: number, T: number, memory: CrossMemory, dropout: Dropout): Tensor2D {
    const causal = causalBias(T);
    this.layers.forEach((_, l) => {
      y = this.layer(l, y, B, T, memory, dropout, (kv) => ({ kv, bias: causal })).y;
    });
    return this.finalNorm.apply(y);
  }

  /** One position for N rows: y [N, d], embedded at position t = the cache's length. */
  step(y: Tensor2D, cache: SelfCache, memory: CrossMemory, dropout: Dropout): DecoderStep {
    const N = y.shape[0];
    const layers: KeyValues[] = [];
    const cross: Tensor4D[] = [];
    this.layers.forEach((_, l) => {
      const past = cache.layers[l];
      // The new position attends to every cached one and itself: no mask needed.
      const r = this.layer(l, y, N, 1, memory, dropout, (kv) => ({
        kv: past ? { k: tf.concat([past.k, kv.k], 2), v: tf.concat([past.v, kv.v], 2) } : kv,
      }));
      y = r.y;
      layers.push(r.kv);
      cross.push(r.cross);
    });
    // Each layer's [N, H, 1, S] -> [N, L, H, S].
    const stacked = tf.concat(cross, 1);
    const [, , , S] = stacked.shape;
    return {
      out: this.finalNorm.apply(y),
      cache: { layers },
      cross: tf.reshape(stacked, [N, this.layers.length, -1, S]) as Tensor4D,
    };
  }

  /**
   * Layer l on y [B T, d]. `selfKeys` turns this layer's own keys and values into those its
   * self-attention reads (the cache prepended when decoding) and the mask over them.
   */
  private layer(
    l: number,
    y: Tensor2D,
    B: number,
    T: number,
    memory: CrossMemory,
    dropout: Dropout,
    selfKeys: (own: KeyValues) => { kv: KeyValues; bias?: Tensor4D },
  ): { y: Tensor2D; kv: KeyValues; cross: Tensor4D } {
    const layer = this.layers[l];
    const { q, kv: own } = layer.self.projectSelf(layer.selfNorm.apply(y), B, T);
    const { kv, bias } = selfKeys(own);
    y = tf.add(y, dropout.apply(layer.self.attend(q, kv, bias).out));
    const query = layer.cross.projectQuery(layer.crossNorm.apply(y), B, T);
    const cross = layer.cross.attend(query, memory.layers[l], memory.padding);
    y = tf.add(y, dropout.apply(cross.out));
    y = tf.add(y, dropout.apply(layer.feed.apply(layer.feedNorm.apply(y))));
    return { y, kv, cross: cross.weights };
  }
}
