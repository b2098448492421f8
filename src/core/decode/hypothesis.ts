// What a decoder returns for one source sequence.
import type { ModelConfig } from '../model/config';
import { hasAlignment, readsReversed } from '../model/config';

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
  /** Transformer: the cross-attention of every decoder layer and head, [layer][head][output id][source token]. */
  heads?: number[][][][];
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

/** What one output token attended to over the padded source: the alignment [S], every layer's and head's [L H S]. */
export interface StepAttention {
  weights: Float32Array;
  heads?: Float32Array;
}

/**
 * A hypothesis' attention from its steps: rows trimmed to the real source length and put back in
 * source order; per layer and head too for a Transformer. Null for models without attention.
 */
export function attentionOf(
  config: ModelConfig,
  steps: StepAttention[],
  sourceLength: number,
): Pick<Hypothesis, 'attention' | 'heads'> {
  if (!hasAlignment(config)) return { attention: null };
  const reversed = readsReversed(config);
  const trim = (row: Float32Array) => {
    const r = Array.from(row.subarray(0, sourceLength));
    return reversed ? r.reverse() : r;
  };
  const attention = steps.map((s) => trim(s.weights));
  if (config.kind !== 'transformer') return { attention };
  const width = steps[0] ? steps[0].heads!.length / (config.decoderLayers * config.heads) : 0;
  const heads = Array.from({ length: config.decoderLayers }, (_, l) =>
    Array.from({ length: config.heads }, (_, h) =>
      steps.map((s) => trim(s.heads!.subarray((l * config.heads + h) * width, (l * config.heads + h + 1) * width))),
    ),
  );
  return { attention, heads };
}
