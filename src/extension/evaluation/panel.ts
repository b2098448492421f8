// The error-analysis panel that Evaluate Model... opens in the editor area: every evaluated pair, worst
// first. A click on a pair translates it again (with the beam's alternatives) and shows its alignment in
// the attention view, where hovering a token highlights it in the corpus file.
import * as vscode from 'vscode';
import { timeout } from '../timeout';
import { pairsCsv, pairsJsonl } from '../../shared/evaluation/export';
import { filterPairs, worstFirst, type PairFilter } from '../../shared/evaluation/analysis';
import type { EvaluatedPair, EvaluationReport } from '../../core/evaluation-report';
import {
  parseEvaluationMessage,
  type EvaluationDrive,
  type EvaluationHostMessage,
  type EvaluationRendered,
  type TableExport,
} from '../../shared/evaluation-messages';
import type { TransformRecord } from '../../shared/transform-record';
import { pageHtml, webviewRoots } from '../attention/html';
import { readSettings } from '../settings';
import type { AttentionSink } from '../attention/sink';
import type { Reporter } from '../report';
import type { WorkerClient } from '../worker-client';

/** Where the evaluated pairs came from: the model, and each pair's corpus file and 1-based line. */
export interface EvaluationSource {
  dir: string;
  /** For pair k of the evaluation request: the file holding its source, and the line. */
  location(index: number): { file: vscode.Uri; line: number } | undefined;
}

/** Test hooks (test mode only): what the page drew, and a row click through the page's own handler. */
export interface EvaluationPanelHooks {
  rendered(): Promise<EvaluationRendered>;
  /** Clicks the row at `rank` (0 = the worst shown); resolves with what the attention view was given. */
  clickRow(rank: number): Promise<TransformRecord>;
  filter(filter: PairFilter): Promise<EvaluationRendered>;
}

export const EVALUATION_PANEL = 'seq2seq.evaluation';

/** What the panel works with: the studio's services (not the Studio itself, which holds the panel). */
interface PanelServices {
  readonly context: vscode.ExtensionContext;
  readonly worker: WorkerClient;
  readonly reporter: Reporter;
  readonly attention: AttentionSink;
}
/** A row click translates the pair in the worker: more than a render's time. */
const TEST_HOOK_MS = 60_000;

export class EvaluationPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private report: EvaluationReport | undefined;
  private source: EvaluationSource | undefined;
  private last: EvaluationRendered | undefined;
  private renderWaiters: ((r: EvaluationRendered) => void)[] = [];
  private shownWaiters: ((r: TransformRecord) => void)[] = [];

  constructor(
    private readonly studio: PanelServices,
    private readonly testHooks: boolean,
  ) {}

  show(report: EvaluationReport, source: EvaluationSource): EvaluationPanelHooks {
    this.report = report;
    this.source = source;
    this.last = undefined;
    const title = vscode.l10n.t('Evaluation: {0}', report.model);
    if (this.panel) {
      this.panel.title = title;
      this.panel.reveal();
      this.post({ type: 'report', report });
    } else this.open(title);
    return {
      rendered: () => this.rendered(),
      clickRow: (rank) => this.drive({ kind: 'clickRow', rank }, this.waitShown()),
      filter: (filter) => this.drive({ kind: 'filter', filter }, this.waitRender()),
    };
  }

  private open(title: string): void {
    const { extensionUri } = this.studio.context;
    const panel = vscode.window.createWebviewPanel(EVALUATION_PANEL, title, vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: webviewRoots(extensionUri),
      // The report is the page's state: a hidden panel redraws it from there.
      retainContextWhenHidden: false,
    });
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'seq2seq.svg');
    panel.webview.html = pageHtml(panel.webview, extensionUri, {
      page: 'evaluation',
      title: 'Seq2Seq evaluation',
      testHooks: this.testHooks,
    });
    const listener = panel.webview.onDidReceiveMessage((m: unknown) => this.receive(parseEvaluationMessage(m)));
    panel.onDidDispose(() => {
      listener.dispose();
      if (this.panel === panel) this.panel = undefined;
    });
    this.panel = panel;
  }

  private receive(m: ReturnType<typeof parseEvaluationMessage>): void {
    if (!m || !this.report) return;
    switch (m.type) {
      case 'ready':
        this.post({ type: 'report', report: this.report });
        break;
      case 'rendered':
        this.last = m.shown;
        for (const resolve of this.renderWaiters.splice(0)) resolve(m.shown);
        break;
      case 'showPair':
        void this.studio.reporter.guard(vscode.l10n.t('Show Alignment'), () => this.showPair(m.index));
        break;
      case 'export':
        void this.studio.reporter.guard(vscode.l10n.t('Export'), () => this.export(m.format, m.filter));
        break;
    }
  }

  /** Translates the pair's source again and shows its alignment in the attention view. */
  private async showPair(index: number): Promise<void> {
    const pair = this.report?.pairs.find((p) => p.index === index);
    const source = this.source;
    if (!pair || !source || !this.report) return;
    const beamSize = readSettings().beamSize;
    const [result] = await this.studio.worker.request('translate', {
      dir: source.dir,
      texts: [pair.source],
      options: { beamSize, nBest: beamSize },
    });
    const record: TransformRecord = {
      modelName: this.report.model,
      createdAt: new Date().toISOString(),
      items: [{ ...(await corpusRange(pair, source.location(index))), ...result }],
    };
    this.studio.attention.showTransform(record);
    await vscode.commands.executeCommand('seq2seq.showAttention');
    for (const resolve of this.shownWaiters.splice(0)) resolve(record);
  }

  private async export(format: TableExport, filter: PairFilter): Promise<void> {
    if (!this.report) return;
    const pairs = worstFirst(filterPairs(this.report.pairs, filter));
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const uri = await vscode.window.showSaveDialog({
      title: vscode.l10n.t('Export the evaluated pairs'),
      defaultUri: folder && vscode.Uri.joinPath(folder, `evaluation-${this.report.model}.${format}`),
      filters: format === 'csv' ? { CSV: ['csv'] } : { 'JSON Lines': ['jsonl'] },
    });
    if (!uri) return;
    const text = format === 'csv' ? pairsCsv(pairs) : pairsJsonl(pairs);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  }

  private rendered(): Promise<EvaluationRendered> {
    return this.last
      ? Promise.resolve(this.last)
      : timeout(this.waitRender(), 'the evaluation to render', TEST_HOOK_MS);
  }

  private async drive<T>(action: EvaluationDrive, result: Promise<T>): Promise<T> {
    if (!this.testHooks) throw new Error('the evaluation test hooks work only when the extension runs in test mode');
    await this.rendered();
    this.post({ type: 'drive', action });
    return timeout(result, `the evaluation page to handle ${action.kind}`, TEST_HOOK_MS);
  }

  private waitRender(): Promise<EvaluationRendered> {
    return new Promise((resolve) => this.renderWaiters.push(resolve));
  }

  private waitShown(): Promise<TransformRecord> {
    return new Promise((resolve) => this.shownWaiters.push(resolve));
  }

  private post(message: EvaluationHostMessage): void {
    void this.panel?.webview.postMessage(message);
  }

  dispose(): void {
    this.panel?.dispose();
  }
}

/** Where the pair's source stands in its corpus file (its line; the source's column on it when found). */
async function corpusRange(pair: EvaluatedPair, at: { file: vscode.Uri; line: number } | undefined) {
  const none = { documentUri: '', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
  if (!at) return none;
  const doc = await vscode.workspace.openTextDocument(at.file).then(
    (d) => d,
    () => undefined,
  );
  const line = at.line - 1;
  if (!doc || line >= doc.lineCount) return { ...none, documentUri: at.file.toString() };
  const column = Math.max(0, doc.lineAt(line).text.indexOf(pair.source));
  return {
    documentUri: doc.uri.toString(),
    range: { start: { line, character: column }, end: { line, character: column + pair.source.length } },
  };
}
