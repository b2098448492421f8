// The training loop: Adam with clipping over length-bucketed batches, validation every epoch,
// early stopping, the best model and a resumable checkpoint on disk, progress events, cancellation.
import * as path from 'node:path';
import { tf } from '../backend/tf';
import type { ArchitectureConfig, ModelConfig } from '../model/config';
import { readsReversed } from '../model/config';
import { createModel } from '../model/create';
import type { Seq2SeqModel } from '../model/model';
import { Dropout } from '../model/dropout';
import { disposeTrainingBatch, makeTrainingBatch } from '../model/batch';
import { Translator } from '../translator';
import { loadModel, saveModel } from '../store/model-store';
import type { TrainingState } from '../store/manifest';
import { ClippedAdam } from './optimizer';
import { scheduledLearningRate } from './schedule';
import type { DataOptions, Example, PreparedData, TextPair } from './dataset';
import { prepareData } from './dataset';
import { epochBatches, stepsPerEpoch } from './batches';
import type { EvalMetrics } from './evaluate';
import { evaluate, improves, watchedMetric } from './evaluate';
import type { TrainEndReason, TrainEvent } from './events';
import {
  Budget,
  EvalCost,
  outOfTime,
  realClock,
  testCount,
  validationCount,
  type BudgetPlan,
  type Clock,
} from './budget';
import { targetKind, type TargetKind } from '../metrics/summary';
import {
  checkFiniteLoss,
  checkMemory,
  checkResumable,
  checkSpaceFor,
  checkUsablePairs,
  corpusHash,
  validateTrainInputs,
  withOutputDir,
} from './guards';
import { explainOutOfMemory } from './memory';
import { validateData, validateTraining, type TrainingOptions } from '../options';

export type TrainOptions = TrainingOptions;

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = {
  epochs: 10,
  batchSize: 32,
  learningRate: 2e-3,
  clipNorm: 5,
  patience: 3,
  metric: 'auto',
  seed: 1,
  maxValidExamples: 500,
  checkpointEvery: 0,
  timeBudget: 0,
  budgetDecay: 'steps',
  labelSmoothing: 0,
  adamBeta2: 0.999,
  warmupSteps: 0,
};

export interface TrainRun {
  /** The best model goes here, the resumable checkpoint into `<outDir>/checkpoint`. */
  outDir: string;
  name?: string;
  preset?: string;
  signal?: AbortSignal;
  onEvent?: (e: TrainEvent) => void;
  /** Replace a model already in `outDir` (a new run refuses to otherwise). */
  force?: boolean;
  /** Lines explaining an automatic configuration, passed on in the start event. */
  plan?: string[];
  /** Milliseconds, monotonic; tests pass one to make time pass deterministically. */
  clock?: Clock;
  /** Seconds the run spent before train() (auto's step-time measurement): its budget has them spent. */
  spentSeconds?: number;
}

export interface TrainResult {
  reason: TrainEndReason;
  outDir: string;
  best: number | null;
  epochs: number;
  steps: number;
  test?: EvalMetrics;
  /** Set when the budget left room for only part of the test split. */
  testExamples?: { evaluated: number; of: number };
  /** What the targets are, so a summary leads with the metrics that fit them. */
  task: TargetKind;
}

export const CHECKPOINT_DIR = 'checkpoint';

export function checkpointDir(outDir: string): string {
  return path.join(outDir, CHECKPOINT_DIR);
}

/** Trains a new model on the pairs. Refuses (before touching `outDir`) a run that could not train. */
export async function train(
  pairs: TextPair[],
  architecture: ArchitectureConfig,
  data: DataOptions,
  options: TrainOptions,
  run: TrainRun,
): Promise<TrainResult> {
  // The budget counts from here: preparing the data and building the model are part of the run.
  const startedAt = (run.clock ?? realClock)();
  validateTrainInputs(architecture, data, options);
  const prepared = prepareData(pairs, data);
  checkUsablePairs(prepared, data, options);
  const { codec } = prepared;
  const config: ModelConfig = {
    ...architecture,
    sourceVocabSize: codec.sourceVocab.size,
    targetVocabSize: codec.targetVocab.size,
    ...(data.sharedVocabulary && { sharedVocabulary: true }),
  };
  checkMemory(config, prepared, options.batchSize);
  return withOutputDir(run, 'new', checkpointDir(run.outDir), async () => {
    const translator = new Translator({ model: createModel(config, options.seed), ...codec });
    const state: TrainingState = {
      epoch: 0,
      stepInEpoch: 0,
      step: 0,
      metric: options.metric,
      best: null,
      epochsWithoutImprovement: 0,
      options: { ...options, data, tooLong: prepared.tooLong, corpusHash: corpusHash(pairs) },
      history: [],
      ...(run.spentSeconds && { elapsedSeconds: run.spentSeconds }),
    };
    return runLoop(
      translator,
      new ClippedAdam(translator.parts.model.params, options),
      prepared,
      state,
      options,
      run,
      startedAt,
    );
  });
}

/** Continues the run whose checkpoint is in `<outDir>/checkpoint`, with its optimizer state and data order. */
export async function resume(
  pairs: TextPair[],
  run: TrainRun,
  overrides: Partial<TrainOptions> = {},
): Promise<TrainResult> {
  const startedAt = (run.clock ?? realClock)();
  validateTraining(overrides);
  return withOutputDir(run, 'resume', checkpointDir(run.outDir), async () => {
    const loaded = await loadModel(checkpointDir(run.outDir), { withOptimizer: true });
    const state = loaded.manifest.training;
    if (!state || !loaded.optimizer) {
      loaded.translator.dispose();
      throw new Error(`${checkpointDir(run.outDir)} holds no training state to resume from.`);
    }
    const {
      data,
      tooLong,
      corpusHash: hash,
      ...saved
    } = state.options as unknown as TrainOptions & { data: DataOptions; tooLong?: number; corpusHash?: string };
    const options = { ...DEFAULT_TRAIN_OPTIONS, ...saved, ...overrides };
    try {
      // Partial: checkpoints of older versions lack newer data options (they take the defaults).
      validateData(data);
      checkResumable(state, options, pairs, checkpointDir(run.outDir));
    } catch (e) {
      loaded.translator.dispose();
      throw e;
    }
    const prepared = prepareData(pairs, data, loaded.translator.parts);
    const optimizer = new ClippedAdam(loaded.translator.parts.model.params, options);
    await optimizer.restore(loaded.optimizer);
    return runLoop(
      loaded.translator,
      optimizer,
      prepared,
      { ...state, options: { ...options, data, tooLong, corpusHash: hash } },
      options,
      {
        ...run,
        name: run.name ?? loaded.manifest.name,
        preset: run.preset ?? loaded.manifest.preset,
      },
      startedAt,
    );
  });
}

/** What one run of the loop needs beyond the model: where it is in the run and how long it may take. */
interface LoopContext {
  state: TrainingState;
  options: TrainOptions;
  run: TrainRun;
  budget: Budget;
  cost: EvalCost;
  valid: Example[];
}

async function runLoop(
  translator: Translator,
  optimizer: ClippedAdam,
  data: PreparedData,
  state: TrainingState,
  options: TrainOptions,
  run: TrainRun,
  startedAt: number,
): Promise<TrainResult> {
  const emit = run.onEvent ?? (() => {});
  const model = translator.parts.model;
  const perEpoch = stepsPerEpoch(data.train.length, options.batchSize);
  const totalSteps = perEpoch * options.epochs;
  const clock = run.clock ?? realClock;
  const task = taskOf(translator, data);
  // `auto` resolves before anything is saved, so the best model, the checkpoint and a resumed run all
  // watch the same metric.
  const metric = watchedMetric(options.metric, task);
  state.metric = metric;
  state.options.metric = metric;
  const budget = new Budget(options.timeBudget, state.elapsedSeconds ?? 0, startedAt, clock, options.budgetDecay);
  const ctx: LoopContext = {
    state,
    options,
    run,
    budget,
    cost: new EvalCost(state.evalSecondsPerExample ?? null),
    valid: (data.valid.length ? data.valid : data.train).slice(0, options.maxValidExamples),
  };
  const save = (dir: string, extra: SaveExtra) =>
    timed(ctx, () => saveCurrent(translator, optimizer, state, run, dir, extra));
  const checkpoint = async () => {
    await save(checkpointDir(run.outDir), { withOptimizer: true });
    emit({ type: 'checkpoint', epoch: state.epoch, step: state.step });
  };
  const validate = async (endOfEpoch: boolean) => {
    const examples = validationShare(ctx, data.test.length);
    if (!examples.length) return;
    const t0 = clock();
    const metrics = evaluate(translator, examples, { batchSize: options.batchSize });
    ctx.cost.recordEvaluation((clock() - t0) / 1000, examples.length);
    const improved = improves(metric, metrics, { value: state.best, loss: state.bestLoss });
    // A validation cut short by the budget (mid-epoch) is recorded under the epoch in progress.
    const trainLoss = (state.epochLossSum ?? 0) / Math.max(1, endOfEpoch ? perEpoch : state.stepInEpoch);
    state.history.push({ epoch: state.epoch, step: state.step, trainLoss, metrics: numeric(metrics) });
    if (improved) [state.best, state.bestLoss] = [metrics[metric], metrics.loss];
    state.epochsWithoutImprovement = improved ? 0 : state.epochsWithoutImprovement + 1;
    if (!improved) state.plateaus = (state.plateaus ?? 0) + 1;
    if (improved) await save(run.outDir, { metrics: numeric(metrics) });
    emit({
      type: 'validation',
      epoch: state.epoch,
      step: state.step,
      metrics: numeric(metrics),
      metric,
      best: state.best,
      improved,
    });
  };
  emit({
    type: 'start',
    totalSteps,
    stepsPerEpoch: perEpoch,
    parameters: model.params.count(),
    backend: tf.getBackend(),
    examples: { train: data.train.length, valid: data.valid.length, test: data.test.length },
    tooLong: data.tooLong,
    dropped: data.dropped,
    resumedFrom: state.step > 0 ? { epoch: state.epoch, step: state.step } : undefined,
    timeBudget: budget.limited ? { seconds: budget.seconds, elapsedSeconds: state.elapsedSeconds ?? 0 } : undefined,
    task,
    plan: run.plan,
  });
  // A budget must know what evaluation costs before the first validation: decoding is step by step
  // and costs far more per example than training does, so a guess would overrun. One decoding batch
  // tells (fewer would cost as much as a whole batch and overstate the cost per example), after one
  // untimed example that pays the one-time set-up.
  if (budget.limited && ctx.cost.measured === undefined && ctx.valid.length) {
    evaluate(translator, ctx.valid.slice(0, 1), { batchSize: options.batchSize });
    const sample = ctx.valid.slice(0, CALIBRATION_EXAMPLES);
    const t0 = clock();
    evaluate(translator, sample, { batchSize: options.batchSize });
    ctx.cost.recordEvaluation((clock() - t0) / 1000, sample.length);
  }
  const stepClock = new StepClock(totalSteps - state.step, budget);
  let reason: TrainResult['reason'] = 'completed';
  try {
    await checkSpaceFor(run.outDir, model.params.count());
    while (state.epoch < options.epochs) {
      const batches = epochBatches(data.train, options.batchSize, options.seed, state.epoch);
      // A run resumed mid-epoch starts from the losses its checkpoint recorded for this epoch.
      let lossSum = state.epochLossSum ?? 0;
      // A step costs the time from one step's start to the next (events and periodic checkpoints
      // included); the first of an epoch is not timed, since validation ran before it.
      let stepStart: number | undefined;
      for (const batch of batches.slice(state.stepInEpoch)) {
        const now = clock();
        if (stepStart !== undefined) ctx.cost.recordStep((now - stepStart) / 1000);
        stepStart = now;
        if (run.signal?.aborted) {
          reason = 'cancelled';
          break;
        }
        if (outOfTime(plan(ctx, data.test.length))) {
          reason = 'time-up';
          break;
        }
        optimizer.setLearningRate(
          scheduledLearningRate(options.learningRate, state.step, options.warmupSteps, budget, state.plateaus ?? 0),
        );
        const { loss, tokens } = trainStep(model, optimizer, batch, options, state.step, translator);
        checkFiniteLoss(loss, state.step + 1, optimizer.learningRate, checkpointDir(run.outDir));
        lossSum += loss;
        state.epochLossSum = lossSum;
        state.step++;
        state.stepInEpoch++;
        const timing = stepClock.tick(tokens);
        emit({
          type: 'step',
          epoch: state.epoch,
          step: state.step,
          stepInEpoch: state.stepInEpoch,
          stepsPerEpoch: perEpoch,
          totalSteps,
          loss,
          learningRate: optimizer.learningRate,
          ...timing,
        });
        if (options.checkpointEvery > 0 && state.step % options.checkpointEvery === 0) await checkpoint();
        await yieldToEventLoop();
      }
      if (reason === 'cancelled') break;
      if (reason === 'time-up') {
        // The steps since the last validation count only if validated; the checkpoint stays mid-epoch.
        if (state.stepInEpoch > 0) await validate(false);
        break;
      }
      await validate(true);
      state.epoch++;
      state.stepInEpoch = 0;
      state.epochLossSum = 0;
      await checkpoint();
      if (state.epochsWithoutImprovement >= options.patience) {
        reason = 'early-stopped';
        break;
      }
    }
    if (reason === 'cancelled' || reason === 'time-up') await checkpoint();
  } catch (e) {
    throw explainOutOfMemory(e);
  } finally {
    optimizer.dispose();
    translator.dispose();
  }
  const tested =
    reason !== 'cancelled' && state.best !== null
      ? await testBestModel(run, testShare(ctx, data.test), options)
      : undefined;
  const test = tested?.metrics;
  const testExamples =
    tested && tested.evaluated < data.test.length ? { evaluated: tested.evaluated, of: data.test.length } : undefined;
  emit({
    type: 'done',
    reason,
    epoch: state.epoch,
    step: state.step,
    best: state.best,
    metric,
    test: test && numeric(test),
    testExamples,
  });
  return {
    reason,
    outDir: run.outDir,
    best: state.best,
    epochs: state.epoch,
    steps: state.step,
    test,
    testExamples,
    task,
  };
}

/**
 * Examples decoded to time evaluation at the start of a budgeted run: one batch of the translator's decoder
 * (DECODE_BATCH).
 */
const CALIBRATION_EXAMPLES = 64;

/**
 * Runs a save, records how long it took (the budget keeps room for the last ones) and the time spent in the state it
 * writes.
 */
async function timed(ctx: LoopContext, body: () => Promise<void>): Promise<void> {
  const t0 = ctx.budget.elapsed();
  ctx.state.elapsedSeconds = t0;
  ctx.state.evalSecondsPerExample = ctx.cost.measured;
  await body();
  ctx.cost.recordSave(ctx.budget.elapsed() - t0);
}

/** What the budget decisions need to know about this run (see budget.ts). */
function plan(ctx: LoopContext, testExamples: number): BudgetPlan {
  return {
    budget: ctx.budget,
    cost: ctx.cost,
    batchSize: ctx.options.batchSize,
    valid: ctx.valid.length,
    test: testExamples,
  };
}

/** The validation examples there is time for (all without a budget): see validationCount. */
function validationShare(ctx: LoopContext, testExamples: number): Example[] {
  return ctx.valid.slice(0, validationCount(plan(ctx, testExamples), ctx.state.best !== null));
}

function testShare(ctx: LoopContext, test: Example[]): Example[] {
  return test.slice(0, testCount(plan(ctx, test.length)));
}

function taskOf(translator: Translator, data: PreparedData): TargetKind {
  const { targetTokenizer, targetVocab } = translator.parts;
  return targetKind(
    targetTokenizer.kind,
    data.train.map((e) => e.target.length),
    targetVocab.size,
  );
}

function trainStep(
  model: Seq2SeqModel,
  optimizer: ClippedAdam,
  batch: Example[],
  options: TrainOptions,
  step: number,
  translator: Translator,
) {
  const b = makeTrainingBatch(batch, readsReversed(model.config), translator.specialIds);
  try {
    // The dropout seed follows the global step, so a resumed run draws the same masks.
    const dropout = new Dropout(model.config.dropout, options.seed * 1_000_003 + step * 997);
    const { loss } = optimizer.step(() => model.loss(b, dropout, options.labelSmoothing));
    return { loss, tokens: b.tokenCount };
  } finally {
    disposeTrainingBatch(b);
  }
}

interface SaveExtra {
  metrics?: Record<string, number>;
  withOptimizer?: boolean;
}

async function saveCurrent(
  translator: Translator,
  optimizer: ClippedAdam,
  state: TrainingState,
  run: TrainRun,
  dir: string,
  extra: SaveExtra,
) {
  await saveModel(dir, translator, {
    name: run.name ?? path.basename(run.outDir),
    preset: run.preset,
    metrics: extra.metrics,
    training: structuredClone(state),
    optimizer: extra.withOptimizer ? await optimizer.state() : undefined,
  });
}

async function testBestModel(
  run: TrainRun,
  test: Example[],
  options: TrainOptions,
): Promise<{ metrics: EvalMetrics; evaluated: number } | undefined> {
  if (!test.length) return undefined;
  const { translator, manifest } = await loadModel(run.outDir);
  try {
    const metrics = evaluate(translator, test, { batchSize: options.batchSize });
    await saveModel(run.outDir, translator, {
      name: manifest.name,
      preset: manifest.preset,
      training: manifest.training,
      metrics: { ...manifest.metrics, ...prefixed('test.', numeric(metrics)) },
    });
    return { metrics, evaluated: test.length };
  } finally {
    translator.dispose();
  }
}

/** Step timing: tokens per second over the recent steps and an ETA for the rest of the run. */
class StepClock {
  private last = performance.now();
  private done = 0;
  private recent: { ms: number; tokens: number }[] = [];

  constructor(
    private readonly remaining: number,
    private readonly budget: Budget,
  ) {}

  /** Elapsed time is the run's (earlier parts included); the ETA is the budget's end when that comes first. */
  tick(tokens: number) {
    const now = performance.now();
    this.recent.push({ ms: now - this.last, tokens });
    if (this.recent.length > 20) this.recent.shift();
    this.last = now;
    this.done++;
    const ms = this.recent.reduce((a, r) => a + r.ms, 0);
    const tokensPerSecond = (1000 * this.recent.reduce((a, r) => a + r.tokens, 0)) / Math.max(ms, 1);
    const elapsedSeconds = this.budget.elapsed();
    const bySteps = (ms / this.recent.length / 1000) * Math.max(0, this.remaining - this.done);
    const etaSeconds = Math.max(0, Math.min(bySteps, this.budget.remaining()));
    return { tokensPerSecond, elapsedSeconds, etaSeconds };
  }
}

function numeric(m: EvalMetrics): Record<string, number> {
  const { loss, exact, tokenAccuracy, cer, bleu, chrf } = m;
  return { loss, exact, tokenAccuracy, cer, bleu, chrf };
}

function prefixed(prefix: string, m: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(m).map(([k, v]) => [prefix + k, v]));
}

/** Lets cancellation and worker messages through between steps. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
