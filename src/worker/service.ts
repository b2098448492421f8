// What the worker does with each request. Kept apart from the worker_threads wiring so that tests
// can drive it in-process. Requests run concurrently: training yields between steps, so a
// translation is answered while a model trains.
import * as path from 'node:path';
import { describeBackend, initBackend, type BackendInfo } from '../core/backend';
import { hasAlignment } from '../core/model/config';
import { OptionError } from '../core/options';
import { DEFAULT_DATA_OPTIONS } from '../core/train/dataset';
import { explainOutOfMemory, isOutOfMemory } from '../core/train/memory';
import { InputTooLongError } from '../core/translator';
import { evaluatePairs, NothingToEvaluateError } from '../core/train/evaluated-pairs';
import { DEFAULT_TRAIN_OPTIONS, checkpointDir, resume } from '../core/train/trainer';
import { trainPreset } from '../core/train/start';
import type { LoadedModel } from '../core/store/model-store';
import { ModelCache } from './model-cache';
import {
  WorkerError,
  checkRequest,
  type HostMessage,
  type LogLevel,
  type Method,
  type ModelSummary,
  type Params,
  type Result,
  type WorkerMessage,
  type WorkerStartData,
} from './protocol';
import type { TrainEvent } from '../core/train/events';

/** How many decoded examples an evaluation sends back for the report. */

interface RequestContext {
  signal: AbortSignal;
  emit(event: TrainEvent): void;
}
type Handlers = { [M in Method]: (params: Params<M>, context: RequestContext) => Promise<Result<M>> };

export class WorkerService {
  private readonly models = new ModelCache();
  private readonly running = new Map<number, AbortController>();
  private backend: Promise<BackendInfo> | undefined;
  private trainingDir: string | undefined;

  constructor(
    private readonly start: WorkerStartData,
    private readonly post: (message: WorkerMessage) => void,
  ) {}

  receive(message: HostMessage): void {
    if (message.type === 'cancel') {
      this.running.get(message.id)?.abort();
      return;
    }
    const { id } = message;
    const controller = new AbortController();
    this.running.set(id, controller);
    const context: RequestContext = {
      signal: controller.signal,
      emit: (event) => this.post({ type: 'event', id, event }),
    };
    const handler = this.handlers[message.method] as (params: unknown, context: RequestContext) => Promise<unknown>;
    Promise.resolve()
      .then(() => checkRequest(message.method, message.params))
      .then(() => handler(message.params, context))
      .then(
        (result) => this.post({ type: 'response', id, result }),
        (e: unknown) => {
          const error = toWorkerError(e);
          this.log('error', `${message.method} failed: ${error.message}`);
          this.post({ type: 'error', id, error: error.toData() });
        },
      )
      .finally(() => this.running.delete(id));
  }

  private readonly handlers: Handlers = {
    info: () => this.ensureBackend(),
    defaults: async () => ({ train: DEFAULT_TRAIN_OPTIONS, data: DEFAULT_DATA_OPTIONS }),
    load: async ({ dir }) => summary(dir, await this.model(dir)),
    translate: async ({ dir, texts, options }) => (await this.model(dir)).translator.translate(texts, options),
    // Pairs longer than the model was trained on would hold the worker for minutes each: skipped, counted.
    evaluate: async ({ dir, pairs, beamSize }) =>
      evaluatePairs((await this.model(dir)).translator, pairs, { beamSize }),
    train: async (p, context) => {
      await this.ensureBackend();
      const given = { architecture: p.architecture, data: p.data, training: p.options };
      return this.training(p.outDir, context, (run) =>
        trainPreset(p.pairs, p.preset, given, { ...run, name: p.name, preset: p.preset }),
      );
    },
    resume: async (p, context) => {
      await this.ensureBackend();
      return this.training(p.outDir, context, (run) => resume(p.pairs, run, p.options));
    },
  };

  /** One training at a time; the models it writes are reloaded on their next use. */
  private async training<T>(
    outDir: string,
    context: RequestContext,
    run: (r: { outDir: string; signal: AbortSignal; onEvent(e: TrainEvent): void }) => Promise<T>,
  ): Promise<T> {
    if (this.trainingDir)
      throw new WorkerError(
        'BUSY',
        `A training is already running (${path.basename(this.trainingDir)}); stop it first.`,
      );
    this.trainingDir = outDir;
    this.log('info', `training ${outDir}`);
    try {
      return await run({ outDir, signal: context.signal, onEvent: context.emit });
    } finally {
      this.trainingDir = undefined;
      this.models.forget(outDir);
      this.models.forget(checkpointDir(outDir));
    }
  }

  private async model(dir: string): Promise<LoadedModel> {
    await this.ensureBackend();
    const started = performance.now();
    const model = await this.models.get(dir);
    this.log('trace', `model ${model.manifest.name} ready in ${Math.round(performance.now() - started)} ms (${dir})`);
    return model;
  }

  private ensureBackend(): Promise<BackendInfo> {
    this.backend ??= initBackend({
      choice: this.start.backend,
      kernels: this.start.kernels,
      threads: this.start.threads,
      wasmDir: this.start.wasmDir,
      nativeDir: this.start.nativeDir,
    }).then(
      (info) => {
        for (const reason of info.fallbacks) this.log('info', `backend skipped: ${reason}`);
        this.log('info', `backend ${describeBackend(info)} (TensorFlow.js ${info.tfjsVersion})`);
        this.post({ type: 'backend', info });
        return info;
      },
      (e: unknown) => {
        this.backend = undefined;
        throw new WorkerError('BACKEND_UNAVAILABLE', e instanceof Error ? e.message : String(e));
      },
    );
    return this.backend;
  }

  private log(level: LogLevel, message: string): void {
    this.post({ type: 'log', level, message });
  }
}

/** Errors the caller can fix are BAD_REQUEST; out-of-memory aborts get the message that says what to change. */
export function toWorkerError(e: unknown): WorkerError {
  if (e instanceof WorkerError) return e;
  if (e instanceof OptionError || e instanceof InputTooLongError || e instanceof NothingToEvaluateError)
    return new WorkerError('BAD_REQUEST', e.message);
  if (isOutOfMemory(e)) return new WorkerError('OUT_OF_MEMORY', (explainOutOfMemory(e) as Error).message);
  return new WorkerError('FAILED', e instanceof Error ? e.message : String(e));
}

function summary(dir: string, { manifest }: LoadedModel): ModelSummary {
  return {
    dir: path.resolve(dir),
    name: manifest.name,
    preset: manifest.preset,
    createdAt: manifest.createdAt,
    hasAttention: hasAlignment(manifest.architecture),
    metrics: manifest.metrics,
  };
}
