// Greedy decoding of a batch of sources: the most probable token at every step.
import type { Seq2SeqModel } from '../model/model';
import type { SpecialIds } from '../model/batch';
import type { Hypothesis, StepAttention } from './hypothesis';
import { attentionOf, normalisedScore } from './hypothesis';
import { DecodingSession } from './session';

export function greedyDecode(
  model: Seq2SeqModel,
  sources: number[][],
  ids: SpecialIds,
  maxLength: (i: number) => number,
  lengthPenalty = 1,
): Hypothesis[] {
  const n = sources.length;
  const session = new DecodingSession(model, sources, ids.pad);
  const out = sources.map(() => ({ ids: [] as number[], logProb: 0, finished: false, steps: [] as StepAttention[] }));
  const limit = Math.max(...sources.map((_, i) => maxLength(i)));
  const previous = new Int32Array(n).fill(ids.bos);
  try {
    for (let t = 0; t < limit && out.some((h, i) => !h.finished && h.ids.length < maxLength(i)); t++) {
      // The rows are read once and the best token picked here: argMax + oneHot + mul + sum as tfjs
      // kernels cost more than the scan at batch 1 (5 kernels a step).
      const { logProbs, vocabSize: V, attention } = session.step(previous);
      out.forEach((h, i) => {
        if (h.finished || h.ids.length >= maxLength(i)) return;
        const best = argMaxRow(logProbs, i * V, V);
        h.logProb += logProbs[i * V + best];
        if (best === ids.eos) h.finished = true;
        else {
          h.ids.push(best);
          if (attention) h.steps.push(attention[i]);
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
    ...attentionOf(model.config, h.steps, sources[i].length),
  }));
}

/** Index of the largest of x[offset .. offset + n) (the first one on ties, as tf.argMax). */
function argMaxRow(x: Float32Array, offset: number, n: number): number {
  let best = 0;
  for (let v = 1; v < n; v++) if (x[offset + v] > x[offset + best]) best = v;
  return best;
}
