// What a decoder returns for one source sequence.
export interface Hypothesis {
  /** Output ids without <s> and </s>. */
  ids: number[];
  /** Sum of log-probabilities, including </s> when the hypothesis finished. */
  logProb: number;
  /** The score beams are ranked by: logProb / length^lengthPenalty. */
  score: number;
  finished: boolean;
  /** One row per output id, over the source tokens in their original order; null without attention. */
  attention: number[][] | null;
}

export interface DecodeOptions {
  beamSize?: number;
  /** How many hypotheses to return per input (<= beamSize). */
  nBest?: number;
  /** Output length cap; default 2 x source length + 10. */
  maxLength?: number;
  /** Exponent of the length normalisation; 0 ranks by raw log-probability. */
  lengthPenalty?: number;
}

export function normalisedScore(logProb: number, length: number, lengthPenalty: number): number {
  return logProb / Math.pow(Math.max(1, length), lengthPenalty);
}

/** Attention rows trimmed to the real source length and put back in source order. */
export function sourceOrderRows(rows: Float32Array[], sourceLength: number, reversed: boolean): number[][] {
  return rows.map((row) => {
    const r = Array.from(row.subarray(0, sourceLength));
    return reversed ? r.reverse() : r;
  });
}
