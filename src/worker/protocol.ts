// The messages between the extension host and the model worker. Both sides import this file; from
// the core it imports types and the option validators only, so the host bundle never pulls in
// TensorFlow.js.
import type { BackendChoice, BackendInfo } from '../core/backend';
import type { KernelsName, ThreadsChoice } from '../core/kernels/types';
import type { TextPair, DataOptions } from '../core/train/dataset';
import type { TrainEvent } from '../core/train/events';
import type { PairEvaluation } from '../core/train/evaluated-pairs';
import type { TrainOptions, TrainResult } from '../core/train/trainer';
import type { ArchitectureConfig, PresetName } from '../core/model/config';
import type { DecodeOptions } from '../core/decode/hypothesis';
import type { TranslationResult } from '../core/translator';
// One namespace: the host bundle takes only these validators from the core (no tfjs behind them).
import * as sections from '../core/options';

/** Passed as `workerData` when the worker starts; a setting change takes a new worker. */
export interface WorkerStartData {
  backend: BackendChoice;
  /** 'fused' or 'reference' (the seq2seq.kernels setting). */
  kernels?: KernelsName;
  /** Threads of the fused wasm kernels (the seq2seq.threads setting). */
  threads?: ThreadsChoice;
  /** The folder holding the tfjs `.wasm` files (the bundle's own folder); the core's default otherwise. */
  wasmDir?: string;
  /** A folder whose node_modules holds @tensorflow/tfjs-node (Install Native Backend puts it there). */
  nativeDir?: string;
}

export interface ModelSummary {
  dir: string;
  name: string;
  preset?: string;
  createdAt: string;
  hasAttention: boolean;
  metrics?: Record<string, number>;
}

/** Every request the worker answers: its parameters and its result. */
export interface Methods {
  /** Starts the backend (if needed) and reports it. */
  info: { params: Record<string, never>; result: BackendInfo };
  /** The core's defaults, which the host cannot import without pulling in TensorFlow.js. */
  defaults: { params: Record<string, never>; result: { train: TrainOptions; data: DataOptions } };
  load: { params: { dir: string }; result: ModelSummary };
  translate: { params: { dir: string; texts: string[]; options: DecodeOptions }; result: TranslationResult[] };
  /** `task`: what the targets are, so the report leads with the metrics that fit them; every pair's row. */
  evaluate: { params: { dir: string; pairs: TextPair[]; beamSize?: number }; result: PairEvaluation };
  /** Emits TrainEvents; cancelled by a `cancel` message (the result then says reason 'cancelled'). */
  train: {
    params: {
      /** 'auto': sized from the corpus and options.timeBudget (see core/train/auto.ts); given options win. */
      pairs: TextPair[];
      preset: PresetName | typeof sections.AUTO_PRESET;
      architecture?: Partial<ArchitectureConfig>;
      data?: Partial<DataOptions>;
      options?: Partial<TrainOptions>;
      outDir: string;
      name: string;
    };
    result: TrainResult;
  };
  resume: { params: { pairs: TextPair[]; outDir: string; options?: Partial<TrainOptions> }; result: TrainResult };
}

export type Method = keyof Methods;
export type Params<M extends Method> = Methods[M]['params'];
export type Result<M extends Method> = Methods[M]['result'];

export type HostMessage =
  | { [M in Method]: { type: 'request'; id: number; method: M; params: Params<M> } }[Method]
  | { type: 'cancel'; id: number };

export type WorkerMessage =
  | { type: 'response'; id: number; result: unknown }
  | { type: 'error'; id: number; error: WorkerErrorData }
  | { type: 'event'; id: number; event: TrainEvent }
  | { type: 'backend'; info: BackendInfo }
  | { type: 'log'; level: LogLevel; message: string };

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';

export type WorkerErrorCode =
  /** The model directory is missing, corrupt, truncated or of an unknown version. */
  | 'MODEL_INVALID'
  /** The chosen TensorFlow.js backend cannot start. */
  | 'BACKEND_UNAVAILABLE'
  /** A training is already running in this worker. */
  | 'BUSY'
  | 'BAD_REQUEST'
  /** The worker died (crash or exit) while the request was pending; it restarts on the next request. */
  | 'WORKER_CRASHED'
  | 'WORKER_OUT_OF_MEMORY'
  /** The host stopped the worker on purpose (settings changed, window closing). */
  | 'WORKER_STOPPED'
  /**
   * The operation ran out of (WebAssembly) memory; the message says what to change. The host
   * replaces the worker once it is idle: a wasm heap that aborted cannot be trusted afterwards.
   */
  | 'OUT_OF_MEMORY'
  /** The operation failed; the message says why. */
  | 'FAILED';

export interface WorkerErrorData {
  code: WorkerErrorCode;
  message: string;
}

export class WorkerError extends Error {
  constructor(
    readonly code: WorkerErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'WorkerError';
  }

  toData(): WorkerErrorData {
    return { code: this.code, message: this.message };
  }
}

/** Errors the host has already reported when they happened; a command should not report them again. */
export function isWorkerLost(e: unknown): boolean {
  return e instanceof WorkerError && (e.code === 'WORKER_CRASHED' || e.code === 'WORKER_OUT_OF_MEMORY');
}

// Bounds and option checks of every request. The host runs them before sending (so it never hands
// the worker an unbounded request) and the worker again on receipt (it trusts no caller). They live
// in this file because it is the one worker module the extension host may import.

/** A translate request holds at most this many texts and characters (one editor selection is far less). */
export const MAX_REQUEST_TEXTS = 10_000;
export const MAX_REQUEST_CHARS = 2_000_000;
/** Training and evaluation pairs per request; the corpus readers hold more, the worker's heap does not. */
export const MAX_REQUEST_PAIRS = 2_000_000;

type Checks = { [M in Method]: (params: Params<M>) => void };

const CHECKS: Checks = {
  info: () => {},
  defaults: () => {},
  load: (p) => checkDir(p.dir),
  translate: (p) => {
    checkDir(p.dir);
    checkTexts(p.texts);
    sections.validateDecoding(p.options ?? {});
  },
  evaluate: (p) => {
    checkDir(p.dir);
    checkPairs(p.pairs);
    if (p.beamSize !== undefined) sections.validateDecoding({ beamSize: p.beamSize });
  },
  train: (p) => {
    checkDir(p.outDir);
    checkPairs(p.pairs);
    const presets = [...sections.PRESET_NAMES, sections.AUTO_PRESET];
    if (!presets.includes(p.preset))
      bad(`preset must be one of ${presets.join(', ')}, got ${JSON.stringify(p.preset)}`);
    sections.validateArchitecture(p.architecture ?? {}, { kind: sections.presetKind(p.preset) });
    sections.validateData(p.data ?? {});
    sections.validateTraining(p.options ?? {});
  },
  resume: (p) => {
    checkDir(p.outDir);
    checkPairs(p.pairs);
    sections.validateTraining(p.options ?? {});
  },
};

/** Throws WorkerError('BAD_REQUEST') with a one-line reason when a request is malformed or too large. */
export function checkRequest<M extends Method>(method: M, params: Params<M>): void {
  const check = CHECKS[method] as ((p: Params<M>) => void) | undefined;
  if (!check) bad(`unknown method ${JSON.stringify(method)}`);
  if (typeof params !== 'object' || params === null) bad(`${method} needs an object of parameters`);
  try {
    check!(params);
  } catch (e) {
    if (e instanceof sections.OptionError) bad(`${method}: ${e.message}`);
    throw e;
  }
}

function bad(message: string): never {
  throw new WorkerError('BAD_REQUEST', message);
}

function checkDir(dir: unknown): void {
  if (typeof dir !== 'string' || dir === '')
    bad(`a model directory must be a non-empty string, got ${JSON.stringify(dir)}`);
}

function checkTexts(texts: unknown): void {
  if (!Array.isArray(texts) || texts.some((t) => typeof t !== 'string')) bad('texts must be an array of strings');
  if (texts.length > MAX_REQUEST_TEXTS)
    bad(
      `too many texts in one request: ${texts.length}, at most ${MAX_REQUEST_TEXTS}; translate fewer lines at a time`,
    );
  const chars = texts.reduce((n: number, t: string) => n + t.length, 0);
  if (chars > MAX_REQUEST_CHARS)
    bad(
      `the texts are too long for one request: ${chars} characters, at most ${MAX_REQUEST_CHARS}; ` +
        'translate less at a time',
    );
}

function checkPairs(pairs: unknown): void {
  if (!Array.isArray(pairs)) bad('pairs must be an array of {source, target} strings');
  if (pairs.length > MAX_REQUEST_PAIRS)
    bad(`too many pairs in one request: ${pairs.length}, at most ${MAX_REQUEST_PAIRS}`);
  const wrong = pairs.findIndex((p) => typeof p?.source !== 'string' || typeof p?.target !== 'string');
  if (wrong >= 0) bad(`pairs[${wrong}] must be {source, target} strings`);
}
