// Step-by-step decoding state shared by greedy and beam search: the encoded sources (tiled when a
// source has several hypotheses) and the decoder state, with the tensor bookkeeping in one place.
import type { Tensor2D } from '../backend/tf';
import { tf, tidy } from '../backend/tf';
import { makeSourceBatch } from '../model/batch';
import type { DecoderMemory, DecoderState } from '../model/decoder';
import { gatherMemory, gatherState } from '../model/decoder';
import type { Seq2SeqModel } from '../model/seq2seq';

export interface StepTensors {
  /** [rows, V] */
  logProbs: Tensor2D;
  /** [rows, S] or undefined without attention. */
  weights?: Tensor2D;
}

export class DecodingSession {
  private memory: DecoderMemory;
  private state: DecoderState;
  /** Padded source length S (columns of the attention rows). */
  readonly sourceWidth: number;

  /** rowsPerSource: hypotheses kept per source (the beam size). */
  constructor(
    private readonly model: Seq2SeqModel,
    sources: number[][],
    pad: number,
    readonly rowsPerSource = 1,
  ) {
    const start = tidy(() => {
      const src = makeSourceBatch(sources, model.config.reverseSource, pad);
      const s = model.startDecoding(src);
      if (rowsPerSource === 1) return s;
      const rows = tf.tensor1d(
        sources.flatMap((_, i) => Array<number>(rowsPerSource).fill(i)),
        'int32',
      );
      return { memory: gatherMemory(s.memory, rows), state: gatherState(s.state, rows) };
    });
    this.memory = start.memory;
    this.state = start.state;
    this.sourceWidth = Math.max(1, ...sources.map((s) => s.length));
  }

  /** Feeds the previous tokens (one per row) and advances; the caller disposes the result. */
  step(previous: Int32Array): StepTensors {
    const out = tidy(() => this.model.decodeStep(tf.tensor1d(previous, 'int32'), this.state, this.memory));
    tf.dispose(this.state as unknown as tf.TensorContainer);
    this.state = out.state;
    return { logProbs: out.logProbs, weights: out.weights };
  }

  /** Makes row r continue from row parents[r] (beam search keeps the best extensions). */
  reorder(parents: Int32Array): void {
    const next = tidy(() => gatherState(this.state, tf.tensor1d(parents, 'int32')));
    tf.dispose(this.state as unknown as tf.TensorContainer);
    this.state = next;
  }

  dispose(): void {
    tf.dispose([this.state, this.memory] as unknown as tf.TensorContainer);
  }
}

/** Splits a [rows, S] tensor into one Float32Array per row. */
export function rowsOf(t: Tensor2D): Float32Array[] {
  const [rows, cols] = t.shape;
  const data = t.dataSync() as Float32Array;
  return Array.from({ length: rows }, (_, r) => data.slice(r * cols, (r + 1) * cols));
}
