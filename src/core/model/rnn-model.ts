// The RNN encoder-decoder (the three 2014 papers): parameters, the teacher-forced loss, and the single
// decoding step that greedy and beam search share.
import type { Tensor2D } from '../backend/tf';
import { tf } from '../backend/tf';
import type { RnnConfig } from './config';
import { validateConfig } from './config';
import type { DecoderMemory, DecoderState } from './decoder';
import { Decoder } from './decoder';
import { Dropout } from './dropout';
import { Encoder } from './encoder';
import { kernels } from '../kernels';
import { tokenLoss } from './loss';
import type { DecodingStart, Seq2SeqModel, SourceBatch, StepOutput, TrainingBatch } from './model';
import { Params } from './params';

export class RnnModel implements Seq2SeqModel<DecoderMemory, DecoderState> {
  readonly params: Params;
  private readonly encoder: Encoder;
  private readonly decoder: Decoder;

  constructor(
    readonly config: RnnConfig,
    seed = 1,
  ) {
    validateConfig(config);
    this.params = new Params(seed);
    this.encoder = new Encoder(this.params, config);
    this.decoder = new Decoder(this.params, config, this.encoder.outputSize);
  }

  loss(batch: TrainingBatch, dropout: Dropout, labelSmoothing = 0): tf.Scalar {
    const [T, B] = batch.targetIn.shape;
    const mask = batch.src.mask && (tf.transpose(batch.src.mask) as Tensor2D);
    const start = this.decoder.start(this.encoder.encode(batch.src, dropout), mask);
    const gates = this.decoder.embedTokens(tf.reshape(batch.targetIn, [T * B]) as tf.Tensor1D, dropout); // [T*B, G]
    const { outputs } = this.decoder.run(gates, T, start.state, start.memory, dropout, true);
    // The output layer and the softmax run once over all T*B rows rather than per step; each real
    // target token weighs 1/tokens, padding 0.
    const logits = this.decoder.logits(outputs, dropout); // [T*B, V]
    const weights = tf.div(tf.reshape(batch.targetMask, [T * B]), batch.tokenCount) as tf.Tensor1D;
    return tokenLoss(logits, tf.reshape(batch.targetOut, [T * B]) as tf.Tensor1D, weights, labelSmoothing);
  }

  startDecoding(src: SourceBatch): DecodingStart<DecoderMemory, DecoderState> {
    const mask = src.mask && (tf.transpose(src.mask) as Tensor2D);
    return this.decoder.start(this.encoder.encode(src, Dropout.off), mask);
  }

  decodeStep(previous: tf.Tensor1D, state: DecoderState, memory: DecoderMemory): StepOutput<DecoderState> {
    const fused = this.decoder.fusedStep(previous, state, memory);
    if (fused) return fused;
    const s = this.decoder.run(this.decoder.embedTokens(previous, Dropout.off), 1, state, memory, Dropout.off, false);
    return {
      state: s.state!,
      logProbs: kernels().logSoftmax(this.decoder.logits(s.outputs, Dropout.off)),
      weights: s.weights,
    };
  }

  dispose(): void {
    this.params.dispose();
  }
}
