// The training options the quick picks produce, without VS Code so that they are unit-tested: what a
// time budget, the epochs and auto's own choices become in the worker request.
import type { TrainOptions } from '../../core/train/trainer';

/** The budgets offered, in seconds; 0 trains for the number of epochs alone. */
export const BUDGET_CHOICES = [120, 300, 600, 1800, 0] as const;
/** Five minutes: long enough for the small corpora people try first, short enough to wait for. */
export const DEFAULT_BUDGET = 300;

/** Batch size and learning rate 0 stand for "not set": auto chooses them. */
export interface NumberChoices {
  timeBudget: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
}

/**
 * The options to send. A budget without epochs the person set lets the budget decide (the worker
 * then allows as many epochs as it buys); a batch size or learning rate left unset is not sent, so
 * auto's choice stands (for a paper preset the picks start at the defaults, so they are always set).
 */
export function chosenTrainOptions(o: NumberChoices, epochsSet: boolean): Partial<TrainOptions> {
  const options: Partial<TrainOptions> = { timeBudget: o.timeBudget };
  if (!o.timeBudget || epochsSet) options.epochs = o.epochs;
  if (o.batchSize) options.batchSize = o.batchSize;
  if (o.learningRate) options.learningRate = o.learningRate;
  return options;
}
