// Evaluate Model...: a model on a corpus, shown as the error analysis (every pair, worst first, its
// diff, accuracy by length; a click shows a pair's alignment) in the editor area.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Result } from '../../worker/protocol';
import { metricTable } from '../../core/metrics/summary';
import type { EvaluationReport } from '../../core/evaluation-report';
import type { EvaluationPanelHooks } from '../evaluation/panel';
import { pickModel } from '../models/pick-model';
import { globalModelRoot, toUri } from '../paths';
import type { Studio } from '../studio';
import { mayLoadModel } from '../trust';
import { pickCorpus, readCorpus } from '../train/corpus';

export interface EvaluateArgs {
  dir?: string;
  corpus?: string;
  beamSize?: number;
}
/** `view`: the error-analysis panel's test hooks (they throw outside test mode). */
export type Evaluation = Result<'evaluate'> & {
  model: string;
  corpus: string;
  examples: number;
  view: EvaluationPanelHooks;
};

export async function evaluateModel(studio: Studio, args: EvaluateArgs = {}): Promise<Evaluation | undefined> {
  const dir = args.dir
    ? toUri(args.dir)
    : await pickModel(studio, vscode.l10n.t('Evaluate: model'), { chooseFolder: true });
  if (!dir || !mayLoadModel(dir, globalModelRoot(studio.context))) return undefined;
  const corpusUri = args.corpus ? toUri(args.corpus) : await pickCorpus(vscode.l10n.t('Evaluate: corpus'));
  if (!corpusUri) return undefined;
  const corpus = await readCorpus(corpusUri);
  const pairs = corpus.pairs.map(({ source, target }) => ({ source, target }));
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Evaluating on {0} pairs', pairs.length) },
    () => studio.worker.request('evaluate', { dir: dir.fsPath, pairs, beamSize: args.beamSize }),
  );
  const model = path.basename(dir.fsPath);
  const report: EvaluationReport = {
    model,
    corpus: vscode.workspace.asRelativePath(corpusUri),
    metrics: metricTable(result.task, result.metrics),
    // Word-level text reads better diffed by word; labels and symbol strings by character.
    diffUnit: result.task === 'text' ? 'word' : 'char',
    pairs: result.pairs,
    tooLong: result.tooLong,
    problems: corpus.problems.length,
  };
  const sourceFile = vscode.Uri.file(corpus.files[0]);
  const view = studio.evaluation.show(report, {
    dir: dir.fsPath,
    location: (index) => corpus.pairs[index] && { file: sourceFile, line: corpus.pairs[index].line },
  });
  studio.log.info(`evaluated ${model} on ${corpusUri.fsPath}: ${JSON.stringify(result.metrics)}`);
  return { ...result, model, corpus: corpusUri.fsPath, examples: result.pairs.length, view };
}
