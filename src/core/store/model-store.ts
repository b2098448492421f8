// A model is a directory: manifest.json plus content-addressed weight files. Saving is atomic (new
// files first, then the manifest by rename, then stale files); loading checks everything first.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { tf } from '../backend/tf';
import { tokenizerFromJSON } from '../data/tokenizer';
import { Vocab } from '../data/vocab';
import { createModel } from '../model/create';
import type { Seq2SeqModel } from '../model/model';
import type { NamedArrays } from '../util/named-arrays';
import { Translator } from '../translator';
import { removeOrphanedTemporaryFiles, writeFileAtomic } from './atomic';
import type { Manifest, TrainingState } from './manifest';
import { MANIFEST_FILE, MANIFEST_FORMAT, FORMAT_VERSION } from './manifest';
import { checkManifest } from './manifest-check';
import { errnoText } from './out-dir';
import { readWeights, writeWeights } from './weights-file';
import { STUDIO_VERSION } from '../version';

export interface SaveOptions {
  name: string;
  preset?: string;
  metrics?: Record<string, number>;
  training?: TrainingState;
  /** Adam's state, for checkpoints that a run resumes from. */
  optimizer?: NamedArrays[];
}

export class NonFiniteWeightsError extends Error {
  constructor(dir: string, bad: number, total: number) {
    super(
      `Refusing to save ${dir}: ${bad} of ${total} weights are NaN or infinite (the training diverged); ` +
        'the files already there are kept.',
    );
    this.name = 'NonFiniteWeightsError';
  }
}

/** Saves atomically; a model whose weights are not all finite is never written. */
export async function saveModel(dir: string, translator: Translator, options: SaveOptions): Promise<Manifest> {
  const params = await paramArrays(translator.parts.model);
  const bad = params.reduce((n, a) => n + countNonFinite(a.values), 0);
  if (bad)
    throw new NonFiniteWeightsError(
      dir,
      bad,
      params.reduce((n, a) => n + a.values.length, 0),
    );
  try {
    return await writeModel(dir, translator, params, options);
  } catch (e) {
    // fs errors name the temporary file, or no file at all (ENOSPC): say which model failed.
    if ((e as NodeJS.ErrnoException).code) throw new Error(`Could not save the model to ${dir}: ${errnoText(e)}.`);
    throw e;
  }
}

async function writeModel(
  dir: string,
  translator: Translator,
  params: NamedArrays[],
  options: SaveOptions,
): Promise<Manifest> {
  await fs.mkdir(dir, { recursive: true });
  await removeOrphanedTemporaryFiles(dir);
  const { model, sourceTokenizer, targetTokenizer, sourceVocab, targetVocab } = translator.parts;
  const manifest: Manifest = {
    format: MANIFEST_FORMAT,
    formatVersion: FORMAT_VERSION,
    name: options.name,
    createdAt: new Date().toISOString(),
    preset: options.preset,
    architecture: model.config,
    tokenizers: { source: sourceTokenizer.toJSON(), target: targetTokenizer.toJSON() },
    vocabularies: { source: sourceVocab.toJSON(), target: targetVocab.toJSON() },
    metrics: options.metrics,
    training: options.training,
    runtime: { backend: tf.getBackend(), tfjs: tf.version_core, studio: STUDIO_VERSION },
    weights: await writeWeights(dir, 'weights', params),
    optimizer: options.optimizer && (await writeWeights(dir, 'optimizer', options.optimizer)),
  };
  await writeFileAtomic(path.join(dir, MANIFEST_FILE), JSON.stringify(manifest, null, 1));
  await removeStaleFiles(dir, manifest);
  return manifest;
}

export interface LoadedModel {
  translator: Translator;
  manifest: Manifest;
  optimizer?: NamedArrays[];
}

/** Loads and validates a model directory; throws an Error whose message a person can act on. */
export async function loadModel(dir: string, options: { withOptimizer?: boolean } = {}): Promise<LoadedModel> {
  const manifest = await readManifest(dir);
  const weights = await readWeights(dir, manifest.weights, 'weights');
  const optimizer =
    options.withOptimizer && manifest.optimizer ? await readWeights(dir, manifest.optimizer, 'optimizer') : undefined;
  return { translator: buildTranslator(manifest, weights, dir), manifest, optimizer };
}

/** The translator a manifest describes, with the given weights (`dir` names them in errors). */
export function buildTranslator(manifest: Manifest, weights: NamedArrays[], dir: string): Translator {
  const config = manifest.architecture;
  const sourceVocab = Vocab.fromJSON(manifest.vocabularies?.source);
  const targetVocab = Vocab.fromJSON(manifest.vocabularies?.target);
  const shared = JSON.stringify(manifest.vocabularies.source) === JSON.stringify(manifest.vocabularies.target);
  if (config.sharedVocabulary && !shared)
    throw new Error(`${manifestPath(dir)}: the architecture says the vocabularies are shared, but they differ.`);
  if (sourceVocab.size !== config.sourceVocabSize || targetVocab.size !== config.targetVocabSize) {
    throw new Error(
      `${manifestPath(dir)}: the vocabularies (${sourceVocab.size}/${targetVocab.size}) ` +
        `do not match the architecture (${config.sourceVocabSize}/${config.targetVocabSize}).`,
    );
  }
  const parts = {
    sourceTokenizer: tokenizerFromJSON(manifest.tokenizers?.source),
    targetTokenizer: tokenizerFromJSON(manifest.tokenizers?.target),
    sourceVocab,
    targetVocab,
  };
  const model = createModel(config);
  try {
    assignParams(model, weights, dir);
  } catch (e) {
    model.dispose();
    throw e;
  }
  return new Translator({ model, ...parts }, { maxSourceTokens: trainedMaxLength(manifest) });
}

/** Reads only the manifest (for listings and `info`), validating its format and architecture. */
export async function readManifest(dir: string): Promise<Manifest> {
  const file = manifestPath(dir);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    throw new Error(
      `${dir} is not a model directory: ${MANIFEST_FILE} cannot be read (${(e as NodeJS.ErrnoException).code ?? e}).`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new Error(`${file} is not valid JSON: ${(e as Error).message}`);
  }
  return checkManifest(parsed, file);
}

/** Model directories directly under `root` (each holding a manifest), newest first. */
export async function listModels(root: string): Promise<{ dir: string; manifest?: Manifest; error?: string }[]> {
  const entries = await fs.readdir(root, { withFileTypes: true }).catch(() => []);
  const found = await Promise.all(
    entries
      .filter((e) => e.isDirectory())
      .map(async (e) => {
        const dir = path.join(root, e.name);
        try {
          return { dir, manifest: await readManifest(dir) };
        } catch (err) {
          return { dir, error: (err as Error).message };
        }
      }),
  );
  return found.sort((a, b) => (b.manifest?.createdAt ?? '').localeCompare(a.manifest?.createdAt ?? ''));
}

async function paramArrays(model: Seq2SeqModel): Promise<NamedArrays[]> {
  return Promise.all(
    model.params
      .entries()
      .map(async ([name, v]) => ({ name, shape: v.shape, values: Float32Array.from(await v.data()) })),
  );
}

function assignParams(model: Seq2SeqModel, arrays: NamedArrays[], dir: string): void {
  const byName = new Map(arrays.map((a) => [a.name, a]));
  const expected = model.params.entries();
  const missing = expected.filter(([n]) => !byName.has(n)).map(([n]) => n);
  const extra = arrays.filter((a) => !expected.some(([n]) => n === a.name)).map((a) => a.name);
  if (missing.length || extra.length) {
    throw new Error(
      `The weights in ${dir} do not fit the architecture: missing ${missing.join(', ') || 'none'}; ` +
        `unexpected ${extra.join(', ') || 'none'}.`,
    );
  }
  for (const [name, v] of expected) {
    const a = byName.get(name)!;
    if (a.shape.join('x') !== v.shape.join('x')) {
      throw new Error(
        `The weights in ${dir} do not fit the architecture: ${name} has shape [${a.shape}] ` +
          `but the model needs [${v.shape}].`,
      );
    }
  }
  for (const [name, v] of expected) tf.tidy(() => v.assign(tf.tensor(byName.get(name)!.values, v.shape)));
}

async function removeStaleFiles(dir: string, manifest: Manifest): Promise<void> {
  const keep = new Set([manifest.weights.file, manifest.optimizer?.file]);
  const files = await fs.readdir(dir);
  await Promise.all(
    files
      .filter((f) => /^(weights|optimizer)-[0-9a-f]+\.bin$/.test(f) && !keep.has(f))
      .map((f) => fs.rm(path.join(dir, f), { force: true })),
  );
}

function countNonFinite(values: Float32Array): number {
  let n = 0;
  for (const x of values) if (!Number.isFinite(x)) n++;
  return n;
}

/** The source length the model was trained on (its data maxLength), when the manifest records it. */
function trainedMaxLength(manifest: Manifest): number | undefined {
  const data = manifest.training?.options?.data as { maxLength?: number } | undefined;
  return data?.maxLength;
}

function manifestPath(dir: string): string {
  return path.join(dir, MANIFEST_FILE);
}
