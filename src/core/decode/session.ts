// Step-by-step decoding state shared by greedy and beam search: the encoded sources (tiled when a
// source has several hypotheses) and the decoder state, with the tensor bookkeeping in one place.
import { tf, tidy } from '../backend/tf';
import { readsReversed } from '../model/config';
import { makeSourceBatch } from '../model/batch';
import type { Seq2SeqModel } from '../model/model';
import { gatherRows } from '../model/rows';
import type { StepAttention } from './hypothesis';

/** One step's results, read back from the tensors. */
export interface StepRows {
  /** log-probabilities [rows, V], row-major. */
  logProbs: Float32Array;
  vocabSize: number;
  /** What each row attended to; undefined without attention. */
  attention?: StepAttention[];
}

export class DecodingSession {
  private memory: unknown;
  private state: unknown;

  /** rowsPerSource: hypotheses kept per source (the beam size). */
  constructor(
    private readonly model: Seq2SeqModel,
    sources: number[][],
    pad: number,
    readonly rowsPerSource = 1,
  ) {
    const start = tidy(() => {
      const s = model.startDecoding(makeSourceBatch(sources, readsReversed(model.config), pad));
      if (rowsPerSource === 1) return s;
      const rows = tf.tensor1d(
        sources.flatMap((_, i) => Array<number>(rowsPerSource).fill(i)),
        'int32',
      );
      return gatherRows(s, rows);
    });
    this.memory = start.memory;
    this.state = start.state;
  }

  /** Feeds the previous tokens (one per row) and advances. */
  step(previous: Int32Array): StepRows {
    const out = tidy(() => this.model.decodeStep(tf.tensor1d(previous, 'int32'), this.state, this.memory));
    tf.dispose(this.state as tf.TensorContainer);
    this.state = out.state;
    const [rows, vocabSize] = out.logProbs.shape;
    const weights = out.weights && rowsOf(out.weights.dataSync() as Float32Array, rows);
    const heads = out.heads && rowsOf(out.heads.dataSync() as Float32Array, rows);
    const result = {
      logProbs: out.logProbs.dataSync() as Float32Array,
      vocabSize,
      attention: weights?.map((w, r) => ({ weights: w, heads: heads?.[r] })),
    };
    tf.dispose([out.logProbs, out.weights, out.heads] as tf.Tensor[]);
    return result;
  }

  /** Makes row r continue from row parents[r] (beam search keeps the best extensions). */
  reorder(parents: Int32Array): void {
    const next = tidy(() => gatherRows(this.state, tf.tensor1d(parents, 'int32')));
    tf.dispose(this.state as tf.TensorContainer);
    this.state = next;
  }

  dispose(): void {
    tf.dispose([this.state, this.memory] as tf.TensorContainer);
  }
}

/** Splits the data of a [rows, ...] tensor into one Float32Array per row. */
function rowsOf(data: Float32Array, rows: number): Float32Array[] {
  const width = data.length / rows;
  return Array.from({ length: rows }, (_, r) => data.slice(r * width, (r + 1) * width));
}
