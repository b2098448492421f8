// What the trainer checks so that a run cannot lie: options in range, enough usable pairs, memory
// that fits, an output directory that is writable, free, and not someone else's model, a resume
// on the same corpus, and a loss that stays finite. Kept apart from the loop in trainer.ts.
import { createHash } from 'node:crypto';
import * as os from 'node:os';
import { tf } from '../backend/tf';
import type { ArchitectureConfig, ModelConfig } from '../model/config';
import { validateArchitecture, validateData, validateTraining } from '../options';
import { removeOrphanedTemporaryFiles } from '../store/atomic';
import { acquireLock } from '../store/lock';
import type { TrainingState } from '../store/manifest';
import { checkFreeSpace, checkWritable, holdsModel } from '../store/out-dir';
import type { DataOptions, PreparedData, TextPair } from './dataset';
import { WASM_HEAP_BYTES, checkTrainingMemory } from './memory';
import { formatDuration } from './budget';

/** A training that must not start (or go on); the message says why and what to change. */
export class TrainingRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TrainingRefusedError';
  }
}

export class TrainingDivergedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TrainingDivergedError';
  }
}

interface BatchOptions {
  batchSize: number;
  learningRate: number;
  epochs: number;
}

/** Every option section complete and in range (train() is also called by the worker and tests). */
export function validateTrainInputs(architecture: ArchitectureConfig, data: DataOptions, options: object): void {
  validateArchitecture(architecture, { complete: true });
  validateData(data, { complete: true });
  validateTraining(options, { complete: true });
}

/** Refuses to train on nothing, or on less than one batch, saying how many pairs were dropped and why. */
export function checkUsablePairs(prepared: PreparedData, data: DataOptions, options: BatchOptions): void {
  const { train, dropped, longest } = prepared;
  const why = dropped.train
    ? ` (${dropped.train} dropped for being longer than maxLength ${data.maxLength} tokens; the longest has ${longest})`
    : '';
  if (train.length === 0) {
    throw new TrainingRefusedError(
      `Nothing to train on: all ${dropped.train} training pairs are longer than maxLength ${data.maxLength} tokens ` +
        `(the longest has ${longest}). ` +
        'Raise the maximum length (--max-length) or shorten the pairs.',
    );
  }
  if (train.length < options.batchSize) {
    throw new TrainingRefusedError(
      `Only ${train.length} usable training pairs${why}, fewer than one batch of ${options.batchSize}: ` +
        `add pairs or lower the batch size (--batch-size ${Math.max(1, train.length)}).`,
    );
  }
}

/** The memory a training step needs, against what the active backend can hold. */
export function checkMemory(config: ModelConfig, prepared: PreparedData, batchSize: number): void {
  const longest = prepared.train.reduce((m, e) => Math.max(m, e.source.length, e.target.length), 0) + 2;
  const limit = tf.getBackend() === 'wasm' ? WASM_HEAP_BYTES : os.totalmem();
  checkTrainingMemory(config, batchSize, longest, limit);
}

/** Fingerprint of the corpus a run trains on; --resume on another corpus would mix two runs. */
export function corpusHash(pairs: TextPair[]): string {
  const hash = createHash('sha256');
  for (const p of pairs) hash.update(`${p.source}\t${p.target}\n`);
  return hash.digest('hex').slice(0, 16);
}

export function checkResumable(
  state: TrainingState,
  options: { epochs: number; timeBudget: number },
  pairs: TextPair[],
  dir: string,
): void {
  const { epochs, timeBudget } = options;
  const saved = state.options.corpusHash;
  if (typeof saved === 'string' && saved !== corpusHash(pairs)) {
    throw new TrainingRefusedError(
      `The corpus differs from the one the checkpoint in ${dir} was trained on (${pairs.length} pairs now): ` +
        'resume with the same corpus, or start a new training.',
    );
  }
  if (epochs <= state.epoch) {
    throw new TrainingRefusedError(
      `epochs ${epochs} is not more than the ${state.epoch} epoch(s) the checkpoint in ${dir} has finished: ` +
        `ask for ${state.epoch + 1} or more (--epochs).`,
    );
  }
  // The budget counts the whole run: one already spent would stop before the first step.
  const spent = state.elapsedSeconds ?? 0;
  if (timeBudget > 0 && spent >= timeBudget) {
    throw new TrainingRefusedError(
      `The run in ${dir} has already spent ${formatDuration(spent)} ` +
        `of its ${formatDuration(timeBudget)} time budget: ` +
        `ask for more than ${formatDuration(spent)} (--time) to continue it.`,
    );
  }
}

/** A NaN or infinite loss poisons the weights: stop before anything from this step is saved. */
export function checkFiniteLoss(loss: number, step: number, learningRate: number, checkpointDir: string): void {
  if (Number.isFinite(loss)) return;
  throw new TrainingDivergedError(
    `Training diverged at step ${step} (loss ${loss}) with learning rate ${learningRate}; ` +
      `nothing from it was saved and the last checkpoint in ${checkpointDir} is kept. ` +
      'Lower the learning rate (--lr).',
  );
}

export interface OutputRun {
  outDir: string;
  force?: boolean;
}

/**
 * Runs `body` holding the output directory: writable, locked against a second training, and, for a
 * new run, not already holding a model unless `force`. Temporary files of killed writers go first.
 */
export async function withOutputDir<T>(
  run: OutputRun,
  mode: 'new' | 'resume',
  checkpointDir: string,
  body: () => Promise<T>,
): Promise<T> {
  await checkWritable(run.outDir);
  const release = await acquireLock(run.outDir);
  try {
    if (mode === 'new' && !run.force && (await holdsModel(run.outDir, checkpointDir))) {
      throw new TrainingRefusedError(
        `${run.outDir} already holds a model; it is left as it is. ` +
          'Continue its training with --resume, replace it with --force, or choose another --out.',
      );
    }
    await removeOrphanedTemporaryFiles(run.outDir);
    await removeOrphanedTemporaryFiles(checkpointDir);
    return await body();
  } finally {
    await release();
  }
}

/** Room for the best model, the checkpoint with Adam's state, and a new copy of each while saving. */
export function checkSpaceFor(outDir: string, parameters: number): Promise<void> {
  return checkFreeSpace(outDir, 2 * 4 * 4 * parameters);
}
