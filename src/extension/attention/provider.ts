// The attention view: holds the last transform and the training curves, keeps the webview in step
// (including after it was hidden and rebuilt), and acts on what the webview asks, once validated.
import * as vscode from 'vscode';
import type { TrainEvent } from '../../core/train/events';
import { foldTrainEvent, type TrainingHistory } from '../../shared/training-history';
import { tokenDescription } from '../../shared/tokens';
import { SourceHighlighter, type HighlightResult } from './editor-highlight';
import { panelHtml, webviewRoots } from './html';
import {
  parseWebviewMessage,
  type DriveAction,
  type ExportFormat,
  type HostMessage,
  type PanelCommand,
  type RenderedReport,
  type Selection,
  type WebviewMessage,
} from '../../shared/attention-messages';
import type { TransformRecord } from '../../shared/transform-record';

export const VIEW_ID = 'seq2seq.attention';

const PANEL_COMMAND_IDS: Record<PanelCommand, string> = {
  train: 'seq2seq.trainModel',
  load: 'seq2seq.loadModel',
  translate: 'seq2seq.translateSelection',
};

type Waiter<T> = { accept(value: T): boolean; resolve(value: T): void };
type Rendered = Extract<WebviewMessage, { type: 'rendered' }>;

export class AttentionViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private version = 0;
  private record: TransformRecord | null = null;
  private training: TrainingHistory | null = null;
  /** The latest render, kept for exports while the view is hidden. */
  private last: Rendered | undefined;
  /** The latest render since the view was last shown. */
  private shown: Rendered | undefined;
  private readonly highlighter = new SourceHighlighter();
  private renderWaiters: Waiter<Rendered>[] = [];
  private highlightWaiters: Waiter<HighlightResult>[] = [];
  private rasterWaiters = new Map<number, (m: Extract<WebviewMessage, { type: 'rasterized' }>) => void>();
  private nextRasterId = 1;

  /** `testHooks`: the extension runs in test mode, so the drive* hooks and the DOM read-back work. */
  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly runExport: (format: ExportFormat) => void,
    private readonly testHooks: boolean,
  ) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    view.webview.options = { enableScripts: true, localResourceRoots: webviewRoots(this.extensionUri) };
    view.webview.html = panelHtml(view.webview, this.extensionUri, this.testHooks);
    const subscriptions = [
      view.webview.onDidReceiveMessage((m: unknown) =>
        this.receive(parseWebviewMessage(m, { testHooks: this.testHooks })),
      ),
      view.onDidChangeVisibility(() => {
        this.shown = undefined;
        if (!view.visible) this.highlighter.clear();
        // A page that was kept draws the current data again; a rebuilt one asks for it with 'ready'.
        else this.post({ type: 'init', version: this.version, record: this.record, training: this.training });
      }),
    ];
    view.onDidDispose(() => {
      if (this.view === view) this.view = undefined;
      this.highlighter.clear();
      for (const d of subscriptions) d.dispose();
    });
  }

  showTransform(record: TransformRecord): void {
    this.record = record;
    this.version++;
    this.highlighter.clear();
    this.post({ type: 'transform', version: this.version, record });
    // Bring a collapsed or hidden view forward without taking the focus from the editor.
    this.view?.show(true);
  }

  showTraining(event: TrainEvent & { run: string }): void {
    this.training = foldTrainEvent(this.training, event);
    this.post({ type: 'training', event });
  }

  /** The transform shown and the alternatives chosen in the panel (best first when never rendered). */
  current(): { record: TransformRecord; selection: Selection; chosen: number[] } | undefined {
    if (!this.record) return undefined;
    const fresh = this.last?.state.version === this.version ? this.last.state : undefined;
    return {
      record: this.record,
      selection: fresh ? { item: fresh.item, alternative: fresh.alternative } : { item: 0, alternative: 0 },
      chosen: fresh?.chosen ?? this.record.items.map(() => 0),
    };
  }

  /** Opens the view if needed and waits for a render of the current data. */
  async rendered(): Promise<Rendered> {
    if (this.shown?.state.version === this.version && this.view) return this.shown;
    const wait = this.waitRender((r) => r.state.version === this.version);
    await this.reveal();
    return timeout(wait, 'the attention panel to render');
  }

  /** Test hook: opens the view if needed; resolves with what the webview drew, read back from its DOM. */
  async renderedReport(): Promise<RenderedReport> {
    this.requireTestMode();
    return withDom(await this.rendered());
  }

  /** Test hook: a hover through the webview's own handler; resolves with what it decorated. */
  async driveHover(action: Extract<DriveAction, { kind: 'hoverRow' | 'hoverCol' }>): Promise<HighlightResult> {
    this.requireTestMode();
    await this.rendered();
    const result = this.waitHighlight();
    this.post({ type: 'drive', action });
    return timeout(result, `the panel to handle ${action.kind}`);
  }

  /** Test hook: a picker change through the webview's own handler; resolves with the new render. */
  async driveSelect(
    action: Extract<DriveAction, { kind: 'selectItem' | 'selectAlternative' }>,
  ): Promise<RenderedReport> {
    this.requireTestMode();
    await this.rendered();
    const result = this.waitRender(() => true);
    this.post({ type: 'drive', action });
    return withDom(await timeout(result, `the panel to handle ${action.kind} (is there such a picker?)`));
  }

  /** The PNG of an SVG, drawn by the webview's canvas. */
  async rasterize(svg: string, scale: number): Promise<Uint8Array> {
    await this.rendered();
    const id = this.nextRasterId++;
    const reply = new Promise<Extract<WebviewMessage, { type: 'rasterized' }>>((resolve) =>
      this.rasterWaiters.set(id, resolve),
    );
    this.post({ type: 'rasterize', id, svg, scale });
    const m = await timeout(reply, 'the attention panel to draw the PNG').finally(() => this.rasterWaiters.delete(id));
    if (!m.base64) throw new Error(m.error ?? 'the attention panel could not draw the PNG');
    return Buffer.from(m.base64, 'base64');
  }

  private async reveal(): Promise<void> {
    if (this.view) this.view.show(true);
    else await vscode.commands.executeCommand(`${VIEW_ID}.focus`);
  }

  private receive(m: WebviewMessage | undefined): void {
    if (!m) return;
    switch (m.type) {
      case 'ready':
        this.post({ type: 'init', version: this.version, record: this.record, training: this.training });
        break;
      case 'rendered':
        this.last = m;
        this.shown = m;
        this.renderWaiters = settle(this.renderWaiters, m);
        break;
      case 'hover':
        this.hover(m.selection, m.row, m.col);
        break;
      case 'reveal':
        void this.revealSource(m.selection);
        break;
      case 'command':
        void vscode.commands.executeCommand(PANEL_COMMAND_IDS[m.command]);
        break;
      case 'export':
        this.runExport(m.format);
        break;
      case 'rasterized':
        this.rasterWaiters.get(m.id)?.(m);
        break;
    }
  }

  private hover(selection: Selection, row: number | null, col: number | null): void {
    const item = this.record?.items[selection.item];
    const translation = item?.translations[selection.alternative];
    let result: HighlightResult;
    if (!item || !translation?.attention || (row === null && col === null)) {
      this.highlighter.clear();
      result = { status: 'cleared', documentUri: item?.documentUri ?? '', ranges: [] };
    } else {
      const attention = translation.attention;
      // An output token: the source tokens it attended to. A source token alone: that token.
      const weights = row !== null ? (attention[row] ?? []) : item.sourceTokens.map((_, j) => (j === col ? 1 : 0));
      const out = row !== null ? tokenDescription(translation.tokens[row] ?? '') : '';
      result = this.highlighter.show(item, weights, (j, w) =>
        row !== null
          ? `${tokenDescription(item.sourceTokens[j].text)}: attention ${w.toFixed(2)} from ${out}`
          : tokenDescription(item.sourceTokens[j].text),
      );
      this.post({ type: 'sourceStatus', status: result.status === 'cleared' ? 'shown' : result.status });
    }
    this.highlightWaiters = settle(this.highlightWaiters, result);
  }

  private async revealSource(selection: Selection): Promise<void> {
    const item = this.record?.items[selection.item];
    if (!item) return;
    const { start, end } = item.range;
    await vscode.window.showTextDocument(vscode.Uri.parse(item.documentUri), {
      selection: new vscode.Range(start.line, start.character, end.line, end.character),
    });
  }

  private post(message: HostMessage): void {
    void this.view?.webview.postMessage(message);
  }

  private waitRender(accept: (r: Rendered) => boolean): Promise<Rendered> {
    return new Promise((resolve) => this.renderWaiters.push({ accept, resolve }));
  }

  private requireTestMode(): void {
    if (!this.testHooks)
      throw new Error('the attention view test hooks work only when the extension runs in test mode');
  }

  private waitHighlight(): Promise<HighlightResult> {
    return new Promise((resolve) => this.highlightWaiters.push({ accept: () => true, resolve }));
  }

  dispose(): void {
    this.highlighter.dispose();
  }
}

/** A render with its DOM read-back, which the webview sends in test mode only. */
function withDom(r: Rendered): RenderedReport {
  if (!r.dom) throw new Error('the attention panel sent no DOM read-back (is the extension in test mode?)');
  return { ...r.state, ...r.dom };
}

/** Rejects when `promise` takes longer than 20 s: a test hook must fail, not hang. */
function timeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), 20_000);
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}

/** Resolves the waiters that accept `value`; returns the others. */
function settle<T>(waiters: Waiter<T>[], value: T): Waiter<T>[] {
  return waiters.filter((w) => {
    if (!w.accept(value)) return true;
    w.resolve(value);
    return false;
  });
}
