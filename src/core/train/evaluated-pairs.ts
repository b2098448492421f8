// Evaluation with every pair's result: the metrics, and the rows of the error analysis (the extension's
// Evaluate Model... view and `seq2seq eval --report`).
import { editDistance } from '../metrics/edit-distance';
import { targetKind, type TargetKind } from '../metrics/summary';
import type { Translator } from '../translator';
import { encodePairs, withinLength, type Example, type TextPair } from './dataset';
import { evaluate, type EvalMetrics } from './evaluate';
import type { EvaluatedPair } from '../evaluation-report';

/**
 * The rows for `kept` (evaluated, in order, with `outputs[k]` for kept[k]); `all` is the list they were
 * taken from, which gives each its index.
 */
export function evaluatedPairs(all: readonly Example[], kept: readonly Example[], outputs: readonly string[]) {
  const indexOf = new Map(all.map((e, i) => [e, i]));
  return kept.map((e, k): EvaluatedPair => ({
    index: indexOf.get(e) ?? k,
    source: e.pair.source,
    reference: e.pair.target,
    output: outputs[k],
    sourceTokens: e.source.length,
    distance: outputs[k] === e.pair.target ? 0 : editDistance([...outputs[k]], [...e.pair.target]),
  }));
}

/** The metrics of a model on `pairs`, what its targets are, and every pair's row. */
export interface PairEvaluation {
  metrics: EvalMetrics;
  task: TargetKind;
  pairs: EvaluatedPair[];
  /** Pairs longer than the model's maximum source length: left out (they would take minutes each). */
  tooLong: number;
}

/** No pair is short enough for the model: nothing was evaluated. */
export class NothingToEvaluateError extends Error {
  constructor(pairs: number, maxTokens: number) {
    super(`None of the ${pairs} pairs is within the model's maximum length of ${maxTokens} tokens.`);
    this.name = 'NothingToEvaluateError';
  }
}

/** Evaluates `pairs`; refuses (NothingToEvaluateError) when none is within the model's maximum length. */
export function evaluatePairs(
  translator: Translator,
  pairs: TextPair[],
  options: { beamSize?: number } = {},
): PairEvaluation {
  const all = encodePairs(translator.parts, pairs);
  const { kept, dropped } = withinLength(all, translator.maxSourceTokens);
  if (!kept.length) throw new NothingToEvaluateError(pairs.length, translator.maxSourceTokens);
  const { outputs, ...metrics } = evaluate(translator, kept, options);
  const { targetTokenizer, targetVocab } = translator.parts;
  const task = targetKind(
    targetTokenizer.kind,
    kept.map((e) => e.target.length),
    targetVocab.size,
  );
  return { metrics, task, pairs: evaluatedPairs(all, kept, outputs), tooLong: dropped };
}
