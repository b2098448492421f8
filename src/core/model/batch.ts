// Turns id sequences into the padded, time-major tensors the model reads.
import type { Tensor2D } from '../backend/tf';
import { tf } from '../backend/tf';
import type { SourceBatch, TrainingBatch } from './model';

export interface SpecialIds {
  pad: number;
  bos: number;
  eos: number;
}

/** Pads to [maxLen, B] (time-major); with withMask, also the mask, when some row is padded. */
function padTimeMajor(seqs: number[][], pad: number, withMask = true): { ids: tf.Tensor2D; mask?: Tensor2D } {
  const T = Math.max(1, ...seqs.map((s) => s.length));
  const B = seqs.length;
  const ids = new Int32Array(T * B).fill(pad);
  const mask = new Float32Array(T * B);
  seqs.forEach((s, b) =>
    s.forEach((id, t) => {
      ids[t * B + b] = id;
      mask[t * B + b] = 1;
    }),
  );
  const padded = seqs.some((s) => s.length < T);
  return { ids: tf.tensor2d(ids, [T, B], 'int32'), mask: padded && withMask ? tf.tensor2d(mask, [T, B]) : undefined };
}

/** Source batch; sequences are reversed first when the model reads backwards (padding stays at the end). */
export function makeSourceBatch(sources: number[][], reverse: boolean, pad: number): SourceBatch {
  const batch = padTimeMajor(reverse ? sources.map((s) => [...s].reverse()) : sources, pad);
  return { ...batch, unpaddedSteps: Math.min(...sources.map((s) => s.length)) };
}

export function makeTrainingBatch(
  pairs: { source: number[]; target: number[] }[],
  reverse: boolean,
  ids: SpecialIds,
): TrainingBatch {
  const src = makeSourceBatch(
    pairs.map((p) => p.source),
    reverse,
    ids.pad,
  );
  const targetIn = padTimeMajor(
    pairs.map((p) => [ids.bos, ...p.target]),
    ids.pad,
    false,
  );
  const targetOut = padTimeMajor(
    pairs.map((p) => [...p.target, ids.eos]),
    ids.pad,
  );
  const [T, B] = targetOut.ids.shape;
  return {
    src,
    targetIn: targetIn.ids,
    targetOut: targetOut.ids,
    targetMask: targetOut.mask ?? (tf.ones([T, B]) as Tensor2D),
    tokenCount: pairs.reduce((n, p) => n + p.target.length + 1, 0),
  };
}

export function disposeTrainingBatch(b: TrainingBatch): void {
  tf.dispose([b.src.ids, b.src.mask, b.targetIn, b.targetOut, b.targetMask] as tf.Tensor[]);
}
