// Bounds and option checks of every worker request. The host runs them before sending (so it never
// hands the worker an unbounded request) and the worker again on receipt (it trusts no caller).
// No TensorFlow.js here: the extension host imports this file.
import { OptionError, PRESET_NAMES, validateArchitecture, validateData, validateDecoding, validateTraining } from '../core/options';
import { WorkerError, type Method, type Params } from './protocol';

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
    validateDecoding(p.options ?? {});
  },
  evaluate: (p) => {
    checkDir(p.dir);
    checkPairs(p.pairs);
    if (p.beamSize !== undefined) validateDecoding({ beamSize: p.beamSize });
  },
  train: (p) => {
    checkDir(p.outDir);
    checkPairs(p.pairs);
    if (!PRESET_NAMES.includes(p.preset)) bad(`preset must be one of ${PRESET_NAMES.join(', ')}, got ${JSON.stringify(p.preset)}`);
    validateArchitecture(p.architecture ?? {});
    validateData(p.data ?? {});
    validateTraining(p.options ?? {});
  },
  resume: (p) => {
    checkDir(p.outDir);
    checkPairs(p.pairs);
    validateTraining(p.options ?? {});
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
    if (e instanceof OptionError) bad(`${method}: ${e.message}`);
    throw e;
  }
}

function bad(message: string): never {
  throw new WorkerError('BAD_REQUEST', message);
}

function checkDir(dir: unknown): void {
  if (typeof dir !== 'string' || dir === '') bad(`a model directory must be a non-empty string, got ${JSON.stringify(dir)}`);
}

function checkTexts(texts: unknown): void {
  if (!Array.isArray(texts) || texts.some((t) => typeof t !== 'string')) bad('texts must be an array of strings');
  if (texts.length > MAX_REQUEST_TEXTS) bad(`too many texts in one request: ${texts.length}, at most ${MAX_REQUEST_TEXTS}; translate fewer lines at a time`);
  const chars = texts.reduce((n: number, t: string) => n + t.length, 0);
  if (chars > MAX_REQUEST_CHARS) bad(`the texts are too long for one request: ${chars} characters, at most ${MAX_REQUEST_CHARS}; translate less at a time`);
}

function checkPairs(pairs: unknown): void {
  if (!Array.isArray(pairs)) bad('pairs must be an array of {source, target} strings');
  if (pairs.length > MAX_REQUEST_PAIRS) bad(`too many pairs in one request: ${pairs.length}, at most ${MAX_REQUEST_PAIRS}`);
  const wrong = pairs.findIndex((p) => typeof p?.source !== 'string' || typeof p?.target !== 'string');
  if (wrong >= 0) bad(`pairs[${wrong}] must be {source, target} strings`);
}
