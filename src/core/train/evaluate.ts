// Validation and test metrics: decode, then compare with the references; plus teacher-forced loss.
import { tidy } from '../backend/tf';
import { corpusBleu, corpusChrf, charErrorRate, exactMatch, tokenAccuracy } from '../metrics';
import { leadingMetric, type TargetKind } from '../metrics/summary';
import { disposeTrainingBatch, makeTrainingBatch } from '../model/batch';
import { readsReversed } from '../model/config';
import { Dropout } from '../model/dropout';
import type { MetricChoice } from '../options';
import type { Translator } from '../translator';
import type { Example } from './dataset';
import { tokens } from './dataset';
import { epochBatches } from './batches';

export interface EvalMetrics {
  loss: number;
  /** Share of outputs equal to the reference, in [0, 1]. */
  exact: number;
  tokenAccuracy: number;
  cer: number;
  bleu: number;
  chrf: number;
}

export type MetricName = keyof EvalMetrics;
// The list lives with the option validators (which the extension host imports without TensorFlow.js).
export { METRIC_NAMES } from '../options';
const LOWER_IS_BETTER = new Set<MetricName>(['loss', 'cer']);

/** A NaN or infinite value is never better: a diverged model must not be saved as the best one. */
export function isBetter(metric: MetricName, value: number, best: number | null): boolean {
  if (!Number.isFinite(value)) return false;
  return best === null || (LOWER_IS_BETTER.has(metric) ? value < best : value > best);
}

/** The metric a run watches: the one asked for, or with `auto` the one the targets' summaries lead with. */
export function watchedMetric(choice: MetricChoice, task: TargetKind): MetricName {
  return choice === 'auto' ? leadingMetric(task) : choice;
}

/**
 * Whether a validation beats the best so far: by the watched metric, and on a tie by the validation loss.
 * Small validation sets tie often: exact match stays at 0% for the first epochs of a sentence task, or of
 * any task at a low rate, and counting those epochs as no improvement stopped runs that were still
 * learning (CER 57% -> 21%, loss 1.61 -> 0.53 over 4 epochs of dates at 2e-3) and kept their first epoch.
 */
export function improves(
  metric: MetricName,
  metrics: EvalMetrics,
  best: { value: number | null; loss?: number },
): boolean {
  const value = metrics[metric];
  if (isBetter(metric, value, best.value)) return true;
  return value === best.value && metric !== 'loss' && isBetter('loss', metrics.loss, best.loss ?? null);
}

export function meanLoss(translator: Translator, examples: Example[], batchSize: number): number {
  let sum = 0;
  let count = 0;
  for (const batch of epochBatches(examples, batchSize, 0, 0)) {
    const b = makeTrainingBatch(batch, readsReversed(translator.parts.model.config), translator.specialIds);
    sum += tidy(() => translator.parts.model.loss(b, Dropout.off).dataSync()[0]) * b.tokenCount;
    count += b.tokenCount;
    disposeTrainingBatch(b);
  }
  return count ? sum / count : NaN;
}

export function evaluate(
  translator: Translator,
  examples: Example[],
  options: { beamSize?: number; batchSize?: number } = {},
): EvalMetrics & { outputs: string[] } {
  const hyps = translator
    .decodeIds(
      examples.map((e) => e.source),
      { beamSize: options.beamSize ?? 1 },
    )
    .map((n) => n[0]);
  const { targetVocab, targetTokenizer } = translator.parts;
  const hypTokens = hyps.map((h) => targetVocab.decode(h.ids));
  const outputs = hypTokens.map((t) => targetTokenizer.detokenize(t));
  const refs = examples.map((e) => e.pair.target);
  return {
    loss: meanLoss(translator, examples, options.batchSize ?? 64),
    exact: exactMatch(outputs, refs),
    tokenAccuracy: tokenAccuracy(
      hypTokens,
      refs.map((r) => tokens(targetTokenizer, r)),
    ),
    cer: charErrorRate(outputs, refs),
    bleu: corpusBleu(outputs, refs).score,
    chrf: corpusChrf(outputs, refs).score,
    outputs,
  };
}
