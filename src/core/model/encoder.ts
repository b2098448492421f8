// Multi-layer, optionally bidirectional RNN encoder over a time-major batch.
import type { Tensor2D, Tensor3D } from '../backend/tf';
import { tf } from '../backend/tf';
import type { RnnConfig } from './config';
import type { SourceBatch } from './model';
import type { Params } from './params';
import { createCell } from './rnn-cell';
import type { Cell, CellState } from './types';
import type { Dropout } from './dropout';
import { kernels } from '../kernels';

export interface Encoded {
  /** Top-layer outputs, batch-major [B, S, D] with D = hidden x directions. */
  outputs: Tensor3D;
  /** Final state of each layer; both directions concatenated when bidirectional. */
  finals: CellState[];
}

interface Layer {
  forward: Cell;
  backward?: Cell;
}

export class Encoder {
  private readonly embedding: tf.Variable;
  private readonly layers: Layer[] = [];

  constructor(
    params: Params,
    private readonly config: RnnConfig,
  ) {
    const { embeddingSize, hiddenSize, encoderCell, bidirectional } = config;
    this.embedding = params.embedding('enc/embedding', [config.sourceVocabSize, embeddingSize]);
    for (let l = 0; l < config.encoderLayers; l++) {
      const inputSize = l === 0 ? embeddingSize : hiddenSize * (bidirectional ? 2 : 1);
      this.layers.push({
        forward: createCell(params, `enc/l${l}/fwd`, encoderCell, inputSize, hiddenSize),
        backward: bidirectional ? createCell(params, `enc/l${l}/bwd`, encoderCell, inputSize, hiddenSize) : undefined,
      });
    }
  }

  encode(src: SourceBatch, dropout: Dropout): Encoded {
    const [S, B] = src.ids.shape;
    // Time-major rows: step t is rows [t*B, (t+1)*B), a contiguous slice.
    let x: Tensor2D = dropout.apply(tf.gather(this.embedding, tf.reshape(src.ids, [S * B])) as Tensor2D); // [S*B, E]
    const mask = src.mask && (tf.reshape(src.mask, [S * B, 1]) as Tensor2D);
    const run = (cell: Cell, input: Tensor2D, reverse: boolean) =>
      kernels().rnn({
        cell,
        gx: cell.project(input),
        steps: S,
        initial: cell.zeroState(B),
        mask,
        unpaddedSteps: src.unpaddedSteps,
        reverse,
      });
    const finals: CellState[] = [];
    this.layers.forEach((layer, l) => {
      const fwd = run(layer.forward, x, false);
      if (!layer.backward) {
        x = fwd.outputs;
        finals.push(fwd.final);
      } else {
        const bwd = run(layer.backward, x, true);
        x = tf.concat([fwd.outputs, bwd.outputs], 1);
        finals.push(concatStates(fwd.final, bwd.final));
      }
      if (l < this.layers.length - 1) x = dropout.apply(x);
    });
    const outputs = tf.transpose(tf.reshape(x, [S, B, -1]), [1, 0, 2]) as Tensor3D;
    return { outputs, finals };
  }

  get outputSize(): number {
    return this.config.hiddenSize * (this.config.bidirectional ? 2 : 1);
  }
}

function concatStates(a: CellState, b: CellState): CellState {
  const h = tf.concat([a.h, b.h], 1) as Tensor2D;
  return a.c && b.c ? { h, c: tf.concat([a.c, b.c], 1) as Tensor2D } : { h };
}
