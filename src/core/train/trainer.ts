// The training loop: Adam with clipping over length-bucketed batches, validation every epoch,
// early stopping, the best model and a resumable checkpoint on disk, progress events, cancellation.
import * as path from 'node:path';
import { tf } from '../backend/tf';
import type { ArchitectureConfig, ModelConfig } from '../model/config';
import { Seq2SeqModel } from '../model/seq2seq';
import { Dropout } from '../model/dropout';
import { disposeTrainingBatch, makeTrainingBatch } from '../model/batch';
import { Translator } from '../translator';
import { loadModel, saveModel } from '../store/model-store';
import type { TrainingState } from '../store/manifest';
import { ClippedAdam } from './optimizer';
import type { DataOptions, Example, PreparedData, TextPair} from './dataset';
import { prepareData } from './dataset';
import { epochBatches, stepsPerEpoch } from './batches';
import type { EvalMetrics, MetricName} from './evaluate';
import { evaluate, isBetter } from './evaluate';
import type { TrainEvent } from './events';
import { checkFiniteLoss, checkMemory, checkResumable, checkSpaceFor, checkUsablePairs, corpusHash, validateTrainInputs, withOutputDir } from './guards';
import { explainOutOfMemory } from './memory';
import { validateData, validateTraining } from '../options';

export interface TrainOptions {
  epochs: number;
  batchSize: number;
  learningRate: number;
  clipNorm: number;
  /** Epochs without improvement of `metric` before stopping early. */
  patience: number;
  metric: MetricName;
  seed: number;
  /** Validation decodes at most this many examples, to keep epochs short. */
  maxValidExamples: number;
  /** Also checkpoint every N steps (0: at the end of each epoch only). */
  checkpointEvery: number;
}

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = {
  epochs: 10, batchSize: 32, learningRate: 2e-3, clipNorm: 5, patience: 3, metric: 'exact', seed: 1,
  maxValidExamples: 500, checkpointEvery: 0,
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
}

export interface TrainResult {
  reason: 'completed' | 'early-stopped' | 'cancelled';
  outDir: string;
  best: number | null;
  epochs: number;
  steps: number;
  test?: EvalMetrics;
}

export const CHECKPOINT_DIR = 'checkpoint';

export function checkpointDir(outDir: string): string {
  return path.join(outDir, CHECKPOINT_DIR);
}

/** Trains a new model on the pairs. Refuses (before touching `outDir`) a run that could not train. */
export async function train(pairs: TextPair[], architecture: ArchitectureConfig, data: DataOptions, options: TrainOptions, run: TrainRun): Promise<TrainResult> {
  validateTrainInputs(architecture, data, options);
  const prepared = prepareData(pairs, data);
  checkUsablePairs(prepared, data, options);
  const { codec } = prepared;
  const config: ModelConfig = { ...architecture, sourceVocabSize: codec.sourceVocab.size, targetVocabSize: codec.targetVocab.size };
  checkMemory(config, prepared, options.batchSize);
  return withOutputDir(run, 'new', checkpointDir(run.outDir), async () => {
    const translator = new Translator({ model: new Seq2SeqModel(config, options.seed), ...codec });
    const state: TrainingState = {
      epoch: 0, stepInEpoch: 0, step: 0, metric: options.metric, best: null, epochsWithoutImprovement: 0,
      options: { ...options, data, tooLong: prepared.tooLong, corpusHash: corpusHash(pairs) }, history: [],
    };
    return runLoop(translator, new ClippedAdam(translator.parts.model.params, options), prepared, state, options, run);
  });
}

/** Continues the run whose checkpoint is in `<outDir>/checkpoint`, with its optimizer state and data order. */
export async function resume(pairs: TextPair[], run: TrainRun, overrides: Partial<TrainOptions> = {}): Promise<TrainResult> {
  validateTraining(overrides);
  return withOutputDir(run, 'resume', checkpointDir(run.outDir), async () => {
    const loaded = await loadModel(checkpointDir(run.outDir), { withOptimizer: true });
    const state = loaded.manifest.training;
    if (!state || !loaded.optimizer) {
      loaded.translator.dispose();
      throw new Error(`${checkpointDir(run.outDir)} holds no training state to resume from.`);
    }
    const { data, tooLong, corpusHash: hash, ...saved } = state.options as unknown as TrainOptions & { data: DataOptions; tooLong?: number; corpusHash?: string };
    const options = { ...DEFAULT_TRAIN_OPTIONS, ...saved, ...overrides };
    try {
      // Partial: checkpoints of older versions lack newer data options (they take the defaults).
      validateData(data);
      checkResumable(state, options.epochs, pairs, checkpointDir(run.outDir));
    } catch (e) {
      loaded.translator.dispose();
      throw e;
    }
    const prepared = prepareData(pairs, data, loaded.translator.parts);
    const optimizer = new ClippedAdam(loaded.translator.parts.model.params, options);
    await optimizer.restore(loaded.optimizer);
    return runLoop(loaded.translator, optimizer, prepared, { ...state, options: { ...options, data, tooLong, corpusHash: hash } }, options, {
      ...run, name: run.name ?? loaded.manifest.name, preset: run.preset ?? loaded.manifest.preset,
    });
  });
}

async function runLoop(translator: Translator, optimizer: ClippedAdam, data: PreparedData, state: TrainingState, options: TrainOptions, run: TrainRun): Promise<TrainResult> {
  const emit = run.onEvent ?? (() => {});
  const model = translator.parts.model;
  const perEpoch = stepsPerEpoch(data.train.length, options.batchSize);
  const totalSteps = perEpoch * options.epochs;
  const valid = (data.valid.length ? data.valid : data.train).slice(0, options.maxValidExamples);
  const save = (dir: string, extra: SaveExtra) => saveCurrent(translator, optimizer, state, run, dir, extra);
  const checkpoint = async () => {
    await save(checkpointDir(run.outDir), { withOptimizer: true });
    emit({ type: 'checkpoint', epoch: state.epoch, step: state.step });
  };
  emit({
    type: 'start', totalSteps, stepsPerEpoch: perEpoch, parameters: model.params.count(), backend: tf.getBackend(),
    examples: { train: data.train.length, valid: data.valid.length, test: data.test.length }, tooLong: data.tooLong, dropped: data.dropped,
    resumedFrom: state.step > 0 ? { epoch: state.epoch, step: state.step } : undefined,
  });
  const clock = new StepClock(totalSteps - state.step);
  let reason: TrainResult['reason'] = 'completed';
  try {
    await checkSpaceFor(run.outDir, model.params.count());
    while (state.epoch < options.epochs) {
      const batches = epochBatches(data.train, options.batchSize, options.seed, state.epoch);
      // A run resumed mid-epoch starts from the losses its checkpoint recorded for this epoch.
      let lossSum = state.epochLossSum ?? 0;
      for (const batch of batches.slice(state.stepInEpoch)) {
        if (run.signal?.aborted) {
          reason = 'cancelled';
          break;
        }
        const { loss, tokens } = trainStep(model, optimizer, batch, options.seed, state.step, translator);
        checkFiniteLoss(loss, state.step + 1, options.learningRate, checkpointDir(run.outDir));
        lossSum += loss;
        state.epochLossSum = lossSum;
        state.step++;
        state.stepInEpoch++;
        const timing = clock.tick(tokens);
        emit({ type: 'step', epoch: state.epoch, step: state.step, stepInEpoch: state.stepInEpoch, stepsPerEpoch: perEpoch, totalSteps, loss, ...timing });
        if (options.checkpointEvery > 0 && state.step % options.checkpointEvery === 0) await checkpoint();
        await yieldToEventLoop();
      }
      if (reason === 'cancelled') break;
      const metrics = evaluate(translator, valid, { batchSize: options.batchSize });
      const value = metrics[options.metric];
      const improved = isBetter(options.metric, value, state.best);
      state.history.push({ epoch: state.epoch, step: state.step, trainLoss: lossSum / Math.max(1, batches.length), metrics: numeric(metrics) });
      state.best = improved ? value : state.best;
      state.epochsWithoutImprovement = improved ? 0 : state.epochsWithoutImprovement + 1;
      state.epoch++;
      state.stepInEpoch = 0;
      state.epochLossSum = 0;
      if (improved) await save(run.outDir, { metrics: numeric(metrics) });
      emit({ type: 'validation', epoch: state.epoch - 1, step: state.step, metrics: numeric(metrics), metric: options.metric, best: state.best, improved });
      await checkpoint();
      if (state.epochsWithoutImprovement >= options.patience) {
        reason = 'early-stopped';
        break;
      }
    }
    if (reason === 'cancelled') await checkpoint();
  } catch (e) {
    throw explainOutOfMemory(e);
  } finally {
    optimizer.dispose();
    translator.dispose();
  }
  const test = reason !== 'cancelled' && state.best !== null ? await testBestModel(run, data.test, options) : undefined;
  emit({ type: 'done', reason, epoch: state.epoch, step: state.step, best: state.best, metric: options.metric, test: test && numeric(test) });
  return { reason, outDir: run.outDir, best: state.best, epochs: state.epoch, steps: state.step, test };
}

function trainStep(model: Seq2SeqModel, optimizer: ClippedAdam, batch: Example[], seed: number, step: number, translator: Translator) {
  const b = makeTrainingBatch(batch, model.config.reverseSource, translator.specialIds);
  try {
    // The dropout seed follows the global step, so a resumed run draws the same masks.
    const dropout = new Dropout(model.config.dropout, seed * 1_000_003 + step * 997);
    const { loss } = optimizer.step(() => model.loss(b, dropout));
    return { loss, tokens: b.tokenCount };
  } finally {
    disposeTrainingBatch(b);
  }
}

interface SaveExtra { metrics?: Record<string, number>; withOptimizer?: boolean }

async function saveCurrent(translator: Translator, optimizer: ClippedAdam, state: TrainingState, run: TrainRun, dir: string, extra: SaveExtra) {
  await saveModel(dir, translator, {
    name: run.name ?? path.basename(run.outDir),
    preset: run.preset,
    metrics: extra.metrics,
    training: structuredClone(state),
    optimizer: extra.withOptimizer ? await optimizer.state() : undefined,
  });
}

async function testBestModel(run: TrainRun, test: Example[], options: TrainOptions): Promise<EvalMetrics | undefined> {
  const { translator, manifest } = await loadModel(run.outDir);
  try {
    if (!test.length) return undefined;
    const metrics = evaluate(translator, test, { batchSize: options.batchSize });
    await saveModel(run.outDir, translator, {
      name: manifest.name, preset: manifest.preset, training: manifest.training,
      metrics: { ...manifest.metrics, ...prefixed('test.', numeric(metrics)) },
    });
    return metrics;
  } finally {
    translator.dispose();
  }
}

/** Step timing: tokens per second over the recent steps and an ETA for the rest of the run. */
class StepClock {
  private readonly started = performance.now();
  private last = performance.now();
  private done = 0;
  private recent: { ms: number; tokens: number }[] = [];

  constructor(private readonly remaining: number) {}

  tick(tokens: number) {
    const now = performance.now();
    this.recent.push({ ms: now - this.last, tokens });
    if (this.recent.length > 20) this.recent.shift();
    this.last = now;
    this.done++;
    const ms = this.recent.reduce((a, r) => a + r.ms, 0);
    const tokensPerSecond = (1000 * this.recent.reduce((a, r) => a + r.tokens, 0)) / Math.max(ms, 1);
    const elapsedSeconds = (now - this.started) / 1000;
    const etaSeconds = (ms / this.recent.length / 1000) * Math.max(0, this.remaining - this.done);
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
