// A new training from what the person chose: a preset (or auto) and the options they gave. The CLI
// and the worker both start trainings here, so --preset auto and --time mean the same in both.
import type { ArchitectureConfig, RnnArchitecture } from '../model/config';
import { presetConfig, presetKind } from '../model/config';
import { AUTO_PRESET } from './auto';
import type { DataOptions, TextPair } from './dataset';
import { DEFAULT_DATA_OPTIONS } from './dataset';
import { configureAuto } from './step-time';
import type { TrainOptions, TrainResult, TrainRun } from './trainer';
import { DEFAULT_TRAIN_OPTIONS, train } from './trainer';
import { TRAINING_RULES, presetOptions, validateArchitecture } from '../options';

export interface GivenOptions {
  architecture?: Partial<ArchitectureConfig>;
  data?: Partial<DataOptions>;
  training?: Partial<TrainOptions>;
}

/** A budget without a number of epochs: as many as the budget buys (the validator's upper bound). */
export const UNLIMITED_EPOCHS = 100_000;

/**
 * With a time budget and no epochs, the budget alone decides when to stop. A preset's own training
 * and data options (options/presets.ts) come between the defaults and the given ones. With `auto`, the corpus
 * and the budget choose the sizes (given options win) and the seconds spent measuring count as spent
 * budget, so the whole run still fits in it. Architecture options of another family than the
 * preset's are refused.
 */
export async function trainPreset(
  pairs: TextPair[],
  preset: string,
  given: GivenOptions,
  run: TrainRun,
): Promise<TrainResult> {
  // An option present but undefined (a message field left empty) means "not given", not "undefined".
  const [architecture, training, dataGiven] = [given.architecture, given.training, given.data].map(defined) as [
    Partial<ArchitectureConfig>,
    Partial<TrainOptions>,
    Partial<DataOptions>,
  ];
  const recipe = presetOptions(preset);
  const data = { ...DEFAULT_DATA_OPTIONS, ...recipe.data, ...dataGiven };
  const budget = training.timeBudget ?? 0;
  const epochs = budget > 0 && training.epochs === undefined ? { epochs: UNLIMITED_EPOCHS } : {};
  const options: TrainOptions = { ...DEFAULT_TRAIN_OPTIONS, ...recipe.training, ...epochs, ...training };
  validateArchitecture(architecture, { kind: presetKind(preset) });
  if (preset !== AUTO_PRESET)
    return train(pairs, { ...presetConfig(preset), ...architecture } as ArchitectureConfig, data, options, run);
  const auto = configureAuto(pairs, data, budget, { architecture: architecture as Partial<RnnArchitecture>, training });
  const chosen = { ...options, batchSize: auto.batchSize, learningRate: auto.learningRate };
  // The measurement is part of the run: the budget (and its schedule) counts it, leaving at least 1 s to train.
  const spentSeconds = budget > 0 ? Math.min(auto.spentSeconds, budget - 1) : 0;
  return train(pairs, auto.architecture, data, chosen, {
    ...run,
    plan: [...auto.lines, ...(run.plan ?? [])],
    spentSeconds,
  });
}

function defined<T extends object>(o: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
}

// The validator's bound and this one must agree, or a budgeted run without epochs would be refused.
if (!TRAINING_RULES.epochs.check(UNLIMITED_EPOCHS)) throw new Error('UNLIMITED_EPOCHS is outside the epochs rule');
