// Evaluate Model...: the metrics of a model on a corpus, shown as a Markdown report.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Result } from '../../worker/protocol';
import { pickModel } from '../models/pick-model';
import { globalModelRoot, toUri } from '../paths';
import type { Studio } from '../studio';
import { mayLoadModel } from '../trust';
import { pickCorpus, readCorpus } from '../train/corpus';
import { reportMetrics } from '../../core/metrics/summary';

export interface EvaluateArgs {
  dir?: string;
  corpus?: string;
  beamSize?: number;
}
export type Evaluation = Result<'evaluate'> & { model: string; corpus: string; report: vscode.TextDocument };

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
  const report = await vscode.workspace.openTextDocument({
    language: 'markdown',
    content: renderReport(model, vscode.workspace.asRelativePath(corpusUri), corpus.problems.length, result),
  });
  await vscode.window.showTextDocument(report, { preview: true });
  studio.log.info(`evaluated ${model} on ${corpusUri.fsPath}: ${JSON.stringify(result.metrics)}`);
  return { ...result, model, corpus: corpusUri.fsPath, report };
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const ROWS: Record<ReturnType<typeof reportMetrics>[number], [string, (x: number) => string]> = {
  exact: ['exact match', pct],
  tokenAccuracy: ['token accuracy', pct],
  cer: ['character error rate', pct],
  bleu: ['BLEU', (x) => x.toFixed(2)],
  chrf: ['chrF', (x) => x.toFixed(2)],
  loss: ['loss (per token)', (x) => x.toFixed(4)],
};

function renderReport(model: string, corpus: string, problems: number, r: Result<'evaluate'>): string {
  const m = r.metrics;
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  return [
    `# ${vscode.l10n.t('Evaluation of {0}', model)}`,
    '',
    vscode.l10n.t('Corpus: {0} ({1} pairs, {2} lines skipped as problems).', corpus, r.examples, problems),
    r.tooLong ? vscode.l10n.t("{0} pairs longer than the model's maximum length were not evaluated.", r.tooLong) : '',
    '',
    `| ${vscode.l10n.t('metric')} | ${vscode.l10n.t('value')} |`,
    '| --- | --- |',
    // The metrics that mean something for these targets first (one-token outputs: no BLEU at all).
    ...reportMetrics(r.task).map((k) => `| ${ROWS[k][0]} | ${ROWS[k][1](m[k])} |`),
    '',
    `## ${vscode.l10n.t('First outputs')}`,
    '',
    `| | ${vscode.l10n.t('source')} | ${vscode.l10n.t('reference')} | ${vscode.l10n.t('output')} |`,
    '| --- | --- | --- | --- |',
    ...r.samples.map((s) => {
      const mark = s.output === s.reference ? '✓' : '✗';
      return `| ${mark} | ${cell(s.source)} | ${cell(s.reference)} | ${cell(s.output)} |`;
    }),
    '',
  ].join('\n');
}
