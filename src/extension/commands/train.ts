// Train Model from Workspace Corpus...: pick a corpus (or a stopped run to resume), preview it,
// choose preset and options, then train in the worker under a cancellable progress notification.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { formatProblem, type Corpus } from '../../core/data/corpus';
import type { ArchitectureConfig } from '../../core/model/config';
import {
  OptionError,
  TRAIN_PRESET_NAMES,
  validateArchitecture,
  validateData,
  validateTraining,
  type TrainPresetName,
} from '../../core/options';
import { summarizeMetrics } from '../../core/metrics/summary';
import type { DataOptions } from '../../core/train/dataset';
import type { TrainEvent } from '../../core/train/events';
import type { TrainOptions, TrainResult } from '../../core/train/trainer';
import { activateModel } from '../models/activate';
import { listCatalog } from '../models/catalog';
import { exists, toUri, trainingRoot } from '../paths';
import { readSettings } from '../settings';
import type { Studio } from '../studio';
import { mayTrain } from '../trust';
import { pickCorpus, readCorpus } from '../train/corpus';
import { MODEL_NAME, chooseName, chooseOptions, choosePreset } from '../train/options';
import { confirmCorpus } from '../train/preview';
import { ProgressText } from '../train/progress';
import { readRunRecord, writeRunRecord } from '../train/run-record';

/** Arguments that skip the questions: with `corpus` (or `resume`) nothing is asked. */
export interface TrainArgs {
  /** Corpus file: absolute or workspace-relative path. */
  corpus?: string;
  /** Target side of a paired corpus, when it cannot be found by name. */
  targetFile?: string;
  preset?: TrainPresetName;
  name?: string;
  options?: Partial<TrainOptions>;
  data?: Partial<DataOptions>;
  architecture?: Partial<ArchitectureConfig>;
  /** A model directory whose checkpoint the training continues from. */
  resume?: string;
  /** Train on a corpus that looks binary or mostly malformed (refused otherwise). */
  force?: boolean;
}

export interface TrainOutcome {
  outDir: string;
  result: TrainResult;
}

export async function trainModel(studio: Studio, args: TrainArgs = {}): Promise<TrainOutcome | undefined> {
  if (!mayTrain()) return undefined;
  studio.training.assertIdle();
  checkTrainArgs(args);
  if (args.resume) return resumeRun(studio, toUri(args.resume), args.options);
  if (!args.corpus) {
    const resumable = await pickRunToResume(studio);
    if (resumable === undefined) return undefined;
    if (resumable !== 'new') return resumeRun(studio, resumable, args.options);
  }
  const corpusUri = args.corpus ? toUri(args.corpus) : await pickCorpus(vscode.l10n.t('Train: corpus'));
  if (!corpusUri) return undefined;
  const targetUri = args.targetFile ? toUri(args.targetFile) : undefined;
  const corpus = await readCorpus(corpusUri, targetUri, { force: args.force });
  requirePairs(corpus);
  if (!args.corpus && !(await confirmCorpus(corpus))) return undefined;

  const settings = readSettings();
  const root = trainingRoot(studio.context, settings);
  const taken = (name: string) => exists(vscode.Uri.joinPath(root, name));
  const preset = args.preset ?? (args.corpus ? settings.defaultPreset : await choosePreset(settings.defaultPreset));
  if (!preset) return undefined;
  const name =
    args.name ??
    (args.corpus
      ? await freeName(suggestedName(corpusUri, preset), taken)
      : await chooseName(await freeName(suggestedName(corpusUri, preset), taken), taken));
  if (!name) return undefined;
  if (!MODEL_NAME.test(name) || (await taken(name)))
    throw new Error(vscode.l10n.t('"{0}" cannot be used as a new model name in {1}.', name, root.fsPath));
  const chosen = args.corpus
    ? { options: args.options ?? {}, data: args.data ?? {} }
    : await chooseOptions(await studio.worker.request('defaults', {}), preset);
  if (!chosen) return undefined;

  const outDir = vscode.Uri.joinPath(root, name);
  await writeRunRecord(outDir, { corpus: corpusUri.fsPath, targetFile: targetUri?.fsPath });
  studio.log.info(
    `training ${name} (${preset}) on ${corpus.pairs.length} pairs from ${corpusUri.fsPath} into ${outDir.fsPath}`,
  );
  return runTraining(studio, name, outDir, (signal, onEvent) =>
    studio.worker.request(
      'train',
      {
        pairs: corpus.pairs.map(({ source, target }) => ({ source, target })),
        preset,
        architecture: args.architecture,
        data: chosen.data,
        options: { ...chosen.options, ...args.options },
        outDir: outDir.fsPath,
        name,
      },
      { signal, onEvent },
    ),
  );
}

async function resumeRun(
  studio: Studio,
  outDir: vscode.Uri,
  options: Partial<TrainOptions> | undefined,
): Promise<TrainOutcome | undefined> {
  const record = await readRunRecord(outDir);
  const corpusUri = record
    ? vscode.Uri.file(record.corpus)
    : await pickCorpus(vscode.l10n.t('Resume: the corpus this model was trained on'));
  if (!corpusUri) return undefined;
  const corpus = await readCorpus(corpusUri, record?.targetFile ? vscode.Uri.file(record.targetFile) : undefined);
  requirePairs(corpus);
  const name = path.basename(outDir.fsPath);
  studio.log.info(`resuming ${name} on ${corpus.pairs.length} pairs from ${corpusUri.fsPath}`);
  return runTraining(studio, name, outDir, (signal, onEvent) =>
    studio.worker.request(
      'resume',
      {
        pairs: corpus.pairs.map(({ source, target }) => ({ source, target })),
        outDir: outDir.fsPath,
        options,
      },
      { signal, onEvent },
    ),
  );
}

type Start = (signal: AbortSignal, onEvent: (e: TrainEvent) => void) => Promise<TrainResult>;

async function runTraining(studio: Studio, name: string, outDir: vscode.Uri, start: Start): Promise<TrainOutcome> {
  const title = vscode.l10n.t('Training {0}', name);
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title, cancellable: true },
    (progress, token) => {
      token.onCancellationRequested(() => studio.training.stop());
      const text = new ProgressText();
      return studio.training.run(name, outDir.fsPath, start, (e) => {
        progress.report(text.update(e));
        logEvent(studio.log, name, e);
        studio.attention.showTraining({ ...e, run: name });
      });
    },
  );
  const model = (await exists(vscode.Uri.joinPath(outDir, 'manifest.json')))
    ? await activateModel(studio, outDir)
    : undefined;
  void announce(studio, name, result, model !== undefined);
  return { outDir: outDir.fsPath, result };
}

async function announce(studio: Studio, name: string, result: TrainResult, hasModel: boolean): Promise<void> {
  studio.log.info(`training ${name}: ${result.reason} after ${result.epochs} epoch(s), best ${result.best}`);
  // The test metrics that fit the task when there are some; the validation best otherwise.
  const best = result.test
    ? ` (test: ${summarizeMetrics(result.task, result.test)})`
    : result.best === null
      ? ''
      : ` (${result.best.toFixed(3)})`;
  if (result.reason === 'cancelled') {
    void vscode.window.showInformationMessage(
      vscode.l10n.t(
        'Training {0} stopped at epoch {1}, step {2}; ' +
          'its checkpoint is kept and "Train Model from Workspace Corpus..." resumes it.',
        name,
        result.epochs,
        result.steps,
      ),
    );
    return;
  }
  const translate = vscode.l10n.t('Translate Selection');
  const attention = vscode.l10n.t('Show Attention');
  const choice = await vscode.window.showInformationMessage(
    hasModel
      ? vscode.l10n.t('Model {0} trained{1} and made active.', name, best)
      : vscode.l10n.t('Training {0} finished without a saved model.', name),
    ...(hasModel ? [translate, attention] : []),
  );
  if (choice === translate) await vscode.commands.executeCommand('seq2seq.translateSelection');
  if (choice === attention) await vscode.commands.executeCommand('seq2seq.showAttention');
}

/** Offers the stopped runs that can continue; 'new' when there are none or the person wants a new one. */
async function pickRunToResume(studio: Studio): Promise<vscode.Uri | 'new' | undefined> {
  const root = trainingRoot(studio.context, readSettings());
  const runs = (await listCatalog([{ label: '', uri: root }])).filter((e) => e.resumable);
  if (!runs.length) return 'new';
  const items = [
    { label: `$(add) ${vscode.l10n.t('New Training...')}`, dir: undefined },
    ...runs.map((e) => ({
      label: `$(debug-continue) ${vscode.l10n.t('Resume {0}', path.basename(e.dir.fsPath))}`,
      description: vscode.l10n.t('stopped at epoch {0}/{1}', e.resumable!.epoch, e.resumable!.epochs),
      dir: e.dir,
    })),
  ];
  const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Train Model') });
  return picked && (picked.dir ?? 'new');
}

function logEvent(log: vscode.LogOutputChannel, name: string, e: TrainEvent): void {
  if (e.type === 'step')
    log.trace(
      `${name}: step ${e.step}/${e.totalSteps} loss ${e.loss.toFixed(4)} ${Math.round(e.tokensPerSecond)} tok/s`,
    );
  else log.info(`${name}: ${JSON.stringify(e)}`);
}

/** Command arguments come from keybindings, tasks and other extensions: checked before any question. */
function checkTrainArgs(args: TrainArgs): void {
  const sections = [
    ['architecture', validateArchitecture],
    ['data', validateData],
    ['options', validateTraining],
  ] as const;
  for (const [key, validate] of sections) {
    try {
      validate(args[key] ?? {});
    } catch (e) {
      if (e instanceof OptionError)
        throw new Error(
          vscode.l10n.t(
            'Invalid training argument: {0}.',
            e.describe((k) => `${key}.${k}`),
          ),
        );
      throw e;
    }
  }
  if (args.preset !== undefined && !TRAIN_PRESET_NAMES.includes(args.preset)) {
    throw new Error(
      vscode.l10n.t(
        'Invalid training argument: preset must be one of {0}, got {1}.',
        TRAIN_PRESET_NAMES.join(', '),
        JSON.stringify(args.preset),
      ),
    );
  }
}

function requirePairs(corpus: Corpus): void {
  if (corpus.pairs.length) return;
  const first = corpus.problems.slice(0, 3).map(formatProblem).join('; ');
  throw new Error(vscode.l10n.t('{0} has no usable pairs{1}', corpus.files.join(' + '), first ? `: ${first}` : '.'));
}

function suggestedName(corpus: vscode.Uri, preset: TrainPresetName): string {
  const stem =
    path
      .parse(corpus.fsPath)
      .name.replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^[^A-Za-z0-9]+/, '') || 'model';
  return `${stem}-${preset}`;
}

async function freeName(base: string, taken: (name: string) => Promise<boolean>): Promise<string> {
  let name = base;
  for (let i = 2; await taken(name); i++) name = `${base}-${i}`;
  return name;
}
