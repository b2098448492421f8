// The Transformer encoder-decoder (Vaswani et al. 2017), pre-norm: token embeddings scaled by
// sqrt(d) plus sinusoidal positions, the encoder and decoder stacks, and an output layer that reuses
// the target embedding (tieOutput). With a shared vocabulary the encoder and decoder embed with one
// table (the paper's three-way sharing when the output is tied too). Batches arrive time-major like
// the RNN's; the Transformer works batch-major, rows b*T + t.
import type { Tensor1D, Tensor2D } from '../../backend/tf';
import { tf } from '../../backend/tf';
import { kernels } from '../../kernels';
import type { TransformerConfig } from '../config';
import { validateConfig } from '../config';
import { Dropout } from '../dropout';
import { tokenLoss } from '../loss';
import { linear } from '../matmul';
import type { DecodingStart, Seq2SeqModel, SourceBatch, StepOutput, TrainingBatch } from '../model';
import { Params } from '../params';
import type { CrossMemory, SelfCache } from './decoder';
import { TransformerDecoder } from './decoder';
import { TransformerEncoder } from './encoder';
import { sinusoids } from './positions';

export class TransformerModel implements Seq2SeqModel<CrossMemory, SelfCache> {
  readonly params: Params;
  private readonly sourceEmbedding: tf.Variable;
  private readonly targetEmbedding: tf.Variable;
  private readonly encoder: TransformerEncoder;
  private readonly decoder: TransformerDecoder;
  private readonly outW?: tf.Variable;
  private readonly outB: tf.Variable;
  /** The tied output weights E^T [d, V] for decoding, kept while E's data is unchanged (no gradient needed). */
  private transposed?: { of: object; t: tf.Tensor };

  constructor(
    readonly config: TransformerConfig,
    seed = 1,
  ) {
    validateConfig(config);
    const d = config.modelSize;
    this.params = new Params(seed);
    // N(0, d^-1/2), times sqrt(d) when embedded: unit variance, as the positions have.
    const table = (name: string, size: number) => this.params.embedding(name, [size, d], d ** -0.5);
    this.targetEmbedding = table(config.sharedVocabulary ? 'embedding' : 'dec/embedding', config.targetVocabSize);
    this.sourceEmbedding = config.sharedVocabulary
      ? this.targetEmbedding
      : table('enc/embedding', config.sourceVocabSize);
    this.encoder = new TransformerEncoder(this.params, config);
    this.decoder = new TransformerDecoder(this.params, config);
    if (!config.tieOutput) this.outW = this.params.weight('out/W', [d, config.targetVocabSize]);
    this.outB = this.params.bias('out/b', config.targetVocabSize);
  }

  loss(batch: TrainingBatch, dropout: Dropout, labelSmoothing = 0): tf.Scalar {
    const rows = (t: tf.Tensor2D) => tf.reshape(tf.transpose(t), [-1]) as Tensor1D; // [T, B] -> [B T]
    const weights = tf.div(rows(batch.targetMask), batch.tokenCount) as Tensor1D;
    return tokenLoss(this.logits(batch, dropout), rows(batch.targetOut), weights, labelSmoothing);
  }

  /** Teacher-forced logits of every target position, batch-major [B T, V]. */
  logits(batch: TrainingBatch, dropout: Dropout): Tensor2D {
    const B = batch.targetIn.shape[1];
    const memory = this.encode(batch.src, dropout);
    const y = this.embed(this.targetEmbedding, tf.transpose(batch.targetIn), 0, dropout); // [B T, d]
    return this.output(this.decoder.forward(y, B, memory, dropout), true);
  }

  startDecoding(src: SourceBatch): DecodingStart<CrossMemory, SelfCache> {
    return { memory: this.encode(src, Dropout.off), state: { layers: [] } };
  }

  decodeStep(previous: Tensor1D, state: SelfCache, memory: CrossMemory): StepOutput<SelfCache> {
    const position = state.layers.length ? state.layers[0].shape[1] : 0;
    const y = this.embed(this.targetEmbedding, tf.expandDims(previous, 1) as tf.Tensor2D, position, Dropout.off);
    const step = this.decoder.step(y, state, memory, Dropout.off);
    const [N, L, H, S] = step.cross.shape;
    const last = tf.slice(step.cross, [0, L - 1, 0, 0], [N, 1, H, S]);
    return {
      state: step.cache,
      logProbs: kernels().logSoftmax(this.output(step.out, false)),
      weights: tf.reshape(tf.mean(last, 2), [N, S]) as Tensor2D,
      heads: step.cross,
    };
  }

  dispose(): void {
    tf.dispose(this.transposed?.t);
    this.transposed = undefined;
    this.params.dispose();
  }

  /** Source ids (time-major) -> each decoder layer's cross-attention keys and values. */
  private encode(src: SourceBatch, dropout: Dropout): CrossMemory {
    const B = src.ids.shape[1];
    const padding = src.mask && (tf.transpose(src.mask) as Tensor2D); // [B, S]
    const x = this.embed(this.sourceEmbedding, tf.transpose(src.ids), 0, dropout);
    return this.decoder.prepare(this.encoder.encode(x, B, padding, dropout), B, padding);
  }

  /** ids [B, T] int32, positions from `start` -> sqrt(d) E[ids] + PE, with dropout, [B T, d]. */
  private embed(table: tf.Variable, ids: tf.Tensor2D, start: number, dropout: Dropout): Tensor2D {
    const [B, T] = ids.shape;
    const d = this.config.modelSize;
    const tokens = tf.reshape(tf.gather(table, tf.reshape(ids, [B * T])), [B, T, d]);
    const x = tf.add(tf.mul(tokens, Math.sqrt(d)), sinusoids(start, T, d)); // positions broadcast over B
    return dropout.apply(tf.reshape(x, [B * T, d]) as Tensor2D);
  }

  /** Logits of the decoder's output h [N, d]: h E^T + b when tied, else h W + b. */
  private output(h: Tensor2D, training: boolean): Tensor2D {
    if (this.outW) return linear(h, this.outW, this.outB);
    return linear(h, training ? tf.transpose(this.targetEmbedding) : this.tiedWeights(), this.outB);
  }

  private tiedWeights(): tf.Tensor {
    const E = this.targetEmbedding;
    if (this.transposed?.of !== E.dataId) {
      tf.dispose(this.transposed?.t);
      this.transposed = { of: E.dataId, t: tf.keep(tf.transpose(E)) };
    }
    return this.transposed.t;
  }
}
