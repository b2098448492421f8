// Greedy decoding of a batch of sources: the most probable token at every step.
import { tf } from '../backend/tf';
import type { Seq2SeqModel } from '../model/seq2seq';
import type { SpecialIds } from '../model/batch';
import type { Hypothesis } from './hypothesis';
import { normalisedScore, sourceOrderRows } from './hypothesis';
import { DecodingSession, rowsOf } from './session';

export function greedyDecode(
  model: Seq2SeqModel,
  sources: number[][],
  ids: SpecialIds,
  maxLength: (i: number) => number,
  lengthPenalty = 1,
): Hypothesis[] {
  const n = sources.length;
  const session = new DecodingSession(model, sources, ids.pad);
  const out = sources.map(() => ({ ids: [] as number[], logProb: 0, finished: false, rows: [] as Float32Array[] }));
  const limit = Math.max(...sources.map((_, i) => maxLength(i)));
  const previous = new Int32Array(n).fill(ids.bos);
  try {
    for (let t = 0; t < limit && out.some((h, i) => !h.finished && h.ids.length < maxLength(i)); t++) {
      const step = session.step(previous);
      // The rows are read once and the best token picked here: argMax + oneHot + mul + sum as tfjs
      // kernels cost more than the scan at batch 1 (5 kernels a step).
      const logProbs = step.logProbs.dataSync() as Float32Array;
      const V = step.logProbs.shape[1];
      const weights = step.weights && rowsOf(step.weights);
      tf.dispose([step.logProbs, step.weights] as tf.Tensor[]);
      out.forEach((h, i) => {
        if (h.finished || h.ids.length >= maxLength(i)) return;
        const best = argMaxRow(logProbs, i * V, V);
        h.logProb += logProbs[i * V + best];
        if (best === ids.eos) h.finished = true;
        else {
          h.ids.push(best);
          if (weights) h.rows.push(weights[i]);
        }
        previous[i] = best;
      });
    }
  } finally {
    session.dispose();
  }
  return out.map((h, i): Hypothesis => ({
    ids: h.ids,
    logProb: h.logProb,
    score: normalisedScore(h.logProb, h.ids.length + (h.finished ? 1 : 0), lengthPenalty),
    finished: h.finished,
    attention:
      model.config.attention === 'none' ? null : sourceOrderRows(h.rows, sources[i].length, model.config.reverseSource),
  }));
}

/** Index of the largest of x[offset .. offset + n) (the first one on ties, as tf.argMax). */
function argMaxRow(x: Float32Array, offset: number, n: number): number {
  let best = 0;
  for (let v = 1; v < n; v++) if (x[offset + v] > x[offset + best]) best = v;
  return best;
}
