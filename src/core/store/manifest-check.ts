// Validates every manifest field before anything reads it, so that a hand-edited, truncated or
// foreign manifest gives one line naming the field, never a TypeError deep inside `info` or a load.
import { OptionError, validateArchitecture, validateData, validateTraining } from '../options';
import { FORMAT_VERSION, MANIFEST_FORMAT, type Manifest } from './manifest';

type Check = (value: unknown) => string | undefined;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const string: Check = (v) => (typeof v === 'string' ? undefined : 'must be a string');
const count: Check = (v) => (Number.isInteger(v) && (v as number) >= 0 ? undefined : 'must be an integer >= 0');
const numberOrNull: Check = (v) => (v === null || typeof v === 'number' ? undefined : 'must be a number or null');
const arrayOf =
  (item: Check): Check =>
  (v) => {
    if (!Array.isArray(v)) return 'must be an array';
    const bad = v.findIndex((x) => item(x) !== undefined);
    return bad < 0 ? undefined : `[${bad}] ${item(v[bad])}`;
  };
const positiveInt: Check = (v) => (Number.isInteger(v) && (v as number) > 0 ? undefined : 'must be a positive integer');

export class ManifestError extends Error {
  constructor(file: string, field: string, problem: string, value?: unknown) {
    super(
      `${file}: ${field} ${problem}${value === undefined ? '' : `, got ${JSON.stringify(value)?.slice(0, 60)}`}` +
        '. The manifest is damaged or was edited by hand.',
    );
    this.name = 'ManifestError';
  }
}

/** Checks the fields of a parsed manifest in the order a reader needs them; returns it typed. */
export function checkManifest(m: unknown, file: string): Manifest {
  if (!isObject(m) || m.format !== MANIFEST_FORMAT) throw new Error(`${file} is not a Seq2Seq Studio model manifest.`);
  checkVersion(m.formatVersion, file);
  const field = (name: string, value: unknown, check: Check) => {
    const problem = check(value);
    if (problem) throw new ManifestError(file, name, problem, value);
  };
  field('name', m.name, string);
  field('createdAt', m.createdAt, string);
  if (m.preset !== undefined) field('preset', m.preset, string);
  // Manifests written before the Transformer name no family: every model was an RNN then.
  if (isObject(m.architecture) && m.architecture.kind === undefined)
    m.architecture = { kind: 'rnn', ...m.architecture };
  checkArchitecture(m.architecture, file);
  for (const side of ['source', 'target'] as const) {
    field(
      `tokenizers.${side}.kind`,
      isObject(m.tokenizers) && isObject(m.tokenizers[side]) ? m.tokenizers[side].kind : undefined,
      string,
    );
    field(`vocabularies.${side}`, isObject(m.vocabularies) ? m.vocabularies[side] : undefined, arrayOf(string));
  }
  checkWeightsEntry(m.weights, 'weights', field);
  if (m.optimizer !== undefined) checkWeightsEntry(m.optimizer, 'optimizer', field);
  if (m.metrics !== undefined)
    field('metrics', isObject(m.metrics) ? Object.values(m.metrics) : m.metrics, arrayOf(numberOrNull));
  if (m.training !== undefined) checkTraining(m.training, file, field);
  field('runtime', m.runtime, (v) => (isObject(v) ? undefined : 'must be an object'));
  return m as unknown as Manifest;
}

function checkVersion(version: unknown, file: string): void {
  if (version === FORMAT_VERSION) return;
  if (typeof version !== 'number')
    throw new ManifestError(file, 'formatVersion', `must be the number ${FORMAT_VERSION}`, version);
  const newer = version > FORMAT_VERSION;
  throw new Error(
    `${file} has model format version ${version}; ` +
      `this version of Seq2Seq Studio reads version ${FORMAT_VERSION}${newer ? ': update Seq2Seq Studio' : ''}.`,
  );
}

function checkArchitecture(a: unknown, file: string): void {
  if (!isObject(a)) throw new ManifestError(file, 'architecture', 'must be an object', a);
  const { sourceVocabSize, targetVocabSize, sharedVocabulary, ...rest } = a;
  if (sharedVocabulary !== undefined && typeof sharedVocabulary !== 'boolean')
    throw new ManifestError(file, 'architecture.sharedVocabulary', 'must be true or false', sharedVocabulary);
  for (const [name, v] of [
    ['sourceVocabSize', sourceVocabSize],
    ['targetVocabSize', targetVocabSize],
  ] as const) {
    if (positiveInt(v)) throw new ManifestError(file, `architecture.${name}`, positiveInt(v)!, v);
  }
  inSection(file, 'architecture', () => validateArchitecture(rest, { complete: true }));
}

type Field = (name: string, value: unknown, check: Check) => void;

function checkWeightsEntry(w: unknown, what: string, field: Field): void {
  if (!isObject(w)) return field(what, w, () => 'must be an object');
  field(`${what}.file`, w.file, string);
  field(`${what}.byteLength`, w.byteLength, count);
  field(`${what}.sha256`, w.sha256, (v) =>
    typeof v === 'string' && /^[0-9a-f]{64}$/.test(v) ? undefined : 'must be a SHA-256 hex digest',
  );
  field(
    `${what}.tensors`,
    w.tensors,
    arrayOf((t) => {
      if (!isObject(t)) return 'must be an object';
      return (
        string(t.name) ??
        (count(t.offset) && `offset ${count(t.offset)}`) ??
        (arrayOf(positiveInt)(t.shape) && `shape ${arrayOf(positiveInt)(t.shape)}`)
      );
    }),
  );
}

function checkTraining(t: unknown, file: string, field: Field): void {
  if (!isObject(t)) return field('training', t, () => 'must be an object');
  for (const key of ['epoch', 'stepInEpoch', 'step', 'epochsWithoutImprovement'] as const)
    field(`training.${key}`, t[key], count);
  field('training.metric', t.metric, string);
  field('training.best', t.best, numberOrNull);
  field(
    'training.history',
    t.history,
    arrayOf((h) => (isObject(h) && typeof h.epoch === 'number' ? undefined : 'must be an epoch record')),
  );
  if (!isObject(t.options)) return field('training.options', t.options, () => 'must be an object');
  const { data, corpusHash, tooLong, ...options } = t.options;
  void corpusHash;
  void tooLong;
  inSection(file, 'training.options', () => validateTraining(options));
  if (data !== undefined) inSection(file, 'training.options.data', () => validateData(data));
}

/** Runs an option validator on a manifest part, naming fields by their path in the file. */
function inSection(file: string, prefix: string, validate: () => unknown): void {
  try {
    validate();
  } catch (e) {
    if (e instanceof OptionError) throw new Error(`${file}: ${e.describe((key) => `${prefix}.${key}`)}.`);
    throw e;
  }
}
