// The attention view (side bar) and the attention panel (editor area): one page, two places. Holds the
// last transform and the training curves, keeps every open page in step (including after one was hidden
// and rebuilt), and acts on what a page asks, once validated.
import * as vscode from 'vscode';
import { timeout } from '../timeout';
import type { TrainEvent } from '../../core/train/events';
import { foldTrainEvent, type TrainingHistory } from '../../shared/training-history';
import { tokenDescription } from '../../shared/tokens';
import { SourceHighlighter, type HighlightResult } from './editor-highlight';
import { pageHtml, webviewRoots } from './html';
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
/** The editor-area panel's webview type. */
export const PANEL_TYPE = 'seq2seq.attentionEditor';

/** Where a page is: the side bar view, or the panel in the editor area. */
export type Place = 'view' | 'editor';

interface Page {
  place: Place;
  webview: vscode.Webview;
}

const PANEL_COMMAND_IDS: Record<PanelCommand, string> = {
  train: 'seq2seq.trainModel',
  load: 'seq2seq.loadModel',
  translate: 'seq2seq.translateSelection',
};

type Waiter<T> = { accept(value: T): boolean; resolve(value: T): void };
type Rendered = Extract<WebviewMessage, { type: 'rendered' }>;

export class AttentionViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private panel: vscode.WebviewPanel | undefined;
  private readonly pages = new Set<Page>();
  private version = 0;
  private record: TransformRecord | null = null;
  private training: TrainingHistory | null = null;
  /** The latest render, kept for exports while the view is hidden. */
  private last: Rendered | undefined;
  /** The latest render of each place since it was last shown. */
  private readonly shown = new Map<Place, Rendered>();
  private readonly highlighter = new SourceHighlighter();
  private renderWaiters: Waiter<Rendered & { place: Place }>[] = [];
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
    const detach = this.attach({ place: 'view', webview: view.webview });
    const visibility = view.onDidChangeVisibility(() => this.visibilityChanged('view', view.visible));
    view.onDidDispose(() => {
      if (this.view === view) this.view = undefined;
      visibility.dispose();
      detach();
    });
  }

  /** Opens (or brings forward) the attention panel in the editor area, beside the active editor. */
  openInEditor(): void {
    if (this.panel) return this.panel.reveal(undefined, true);
    const panel = vscode.window.createWebviewPanel(
      PANEL_TYPE,
      vscode.l10n.t('Attention'),
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      { retainContextWhenHidden: false },
    );
    this.panel = panel;
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'seq2seq.svg');
    const detach = this.attach({ place: 'editor', webview: panel.webview });
    const visibility = panel.onDidChangeViewState(() => this.visibilityChanged('editor', panel.visible));
    panel.onDidDispose(() => {
      if (this.panel === panel) this.panel = undefined;
      visibility.dispose();
      detach();
    });
  }

  /** Sets up a page and listens to it; returns what undoes that. */
  private attach(page: Page): () => void {
    page.webview.options = { enableScripts: true, localResourceRoots: webviewRoots(this.extensionUri) };
    page.webview.html = pageHtml(page.webview, this.extensionUri, {
      page: 'attention',
      title: 'Seq2Seq attention',
      testHooks: this.testHooks,
      // The panel takes the editor's background.
      bodyClass: page.place === 'editor' ? 'editor-area' : 'side-bar',
    });
    this.pages.add(page);
    const listener = page.webview.onDidReceiveMessage((m: unknown) =>
      this.receive(page, parseWebviewMessage(m, { testHooks: this.testHooks })),
    );
    return () => {
      this.pages.delete(page);
      this.shown.delete(page.place);
      this.highlighter.clear();
      listener.dispose();
    };
  }

  private visibilityChanged(place: Place, visible: boolean): void {
    this.shown.delete(place);
    if (!visible) this.highlighter.clear();
    // A page that was kept draws the current data again; a rebuilt one asks for it with 'ready'.
    else this.postTo(place, this.initMessage());
  }

  private initMessage(): HostMessage {
    return { type: 'init', version: this.version, record: this.record, training: this.training };
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

  /** Opens the page at `place` if needed and waits for its render of the current data. */
  async rendered(place: Place = 'view'): Promise<Rendered> {
    const shown = this.shown.get(place);
    if (shown?.state.version === this.version && this.pageAt(place)) return shown;
    const wait = this.waitRender((r) => r.place === place && r.state.version === this.version);
    await this.reveal(place);
    return timeout(wait, `the attention ${place} to render`);
  }

  /** Test hook: opens the page if needed; resolves with what it drew, read back from its DOM. */
  async renderedReport(place: Place = 'view'): Promise<RenderedReport> {
    this.requireTestMode();
    return withDom(await this.rendered(place));
  }

  /** Test hook: a hover through the page's own handler; resolves with what it decorated. */
  async driveHover(
    action: Extract<DriveAction, { kind: 'hoverRow' | 'hoverCol' }>,
    place: Place = 'view',
  ): Promise<HighlightResult> {
    this.requireTestMode();
    await this.rendered(place);
    const result = this.waitHighlight();
    this.postTo(place, { type: 'drive', action });
    return timeout(result, `the attention ${place} to handle ${action.kind}`);
  }

  /** Test hook: a picker or picture change through the page's own handler; resolves with the new render. */
  async driveSelect(
    action: Extract<DriveAction, { kind: 'selectItem' | 'selectAlternative' | 'setPicture' }>,
    place: Place = 'view',
  ): Promise<RenderedReport> {
    this.requireTestMode();
    await this.rendered(place);
    const result = this.waitRender((r) => r.place === place && shows(r, action));
    this.postTo(place, { type: 'drive', action });
    return withDom(await timeout(result, `the attention ${place} to handle ${action.kind} (is there such a control?)`));
  }

  /** The PNG of an SVG, drawn by the webview's canvas. */
  async rasterize(svg: string, scale: number): Promise<Uint8Array> {
    const place = this.pageAt('editor') && !this.pageAt('view') ? 'editor' : 'view';
    await this.rendered(place);
    const id = this.nextRasterId++;
    const reply = new Promise<Extract<WebviewMessage, { type: 'rasterized' }>>((resolve) =>
      this.rasterWaiters.set(id, resolve),
    );
    this.postTo(place, { type: 'rasterize', id, svg, scale });
    const m = await timeout(reply, 'the attention panel to draw the PNG').finally(() => this.rasterWaiters.delete(id));
    if (!m.base64) throw new Error(m.error ?? 'the attention panel could not draw the PNG');
    return Buffer.from(m.base64, 'base64');
  }

  private async reveal(place: Place): Promise<void> {
    if (place === 'editor') this.openInEditor();
    else if (this.view) this.view.show(true);
    else await vscode.commands.executeCommand(`${VIEW_ID}.focus`);
  }

  private pageAt(place: Place): Page | undefined {
    return [...this.pages].find((p) => p.place === place);
  }

  private receive(page: Page, m: WebviewMessage | undefined): void {
    if (!m) return;
    switch (m.type) {
      case 'ready':
        this.postTo(page.place, this.initMessage());
        break;
      case 'rendered':
        this.last = m;
        this.shown.set(page.place, m);
        this.renderWaiters = settle(this.renderWaiters, { ...m, place: page.place });
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
    for (const page of this.pages) void page.webview.postMessage(message);
  }

  private postTo(place: Place, message: HostMessage): void {
    void this.pageAt(place)?.webview.postMessage(message);
  }

  private waitRender(accept: (r: Rendered & { place: Place }) => boolean): Promise<Rendered> {
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
    this.panel?.dispose();
    this.highlighter.dispose();
  }
}

/** Whether a render shows what a drive action asked for (a resize may render in between). */
function shows(r: Rendered, action: Extract<DriveAction, { kind: 'selectItem' | 'selectAlternative' | 'setPicture' }>) {
  if (action.kind === 'selectItem') return r.state.item === action.index;
  if (action.kind === 'selectAlternative') return r.state.alternative === action.index;
  return r.dom?.picture === action.picture;
}

/** A render with its DOM read-back, which the webview sends in test mode only. */
function withDom(r: Rendered): RenderedReport {
  if (!r.dom) throw new Error('the attention panel sent no DOM read-back (is the extension in test mode?)');
  return { ...r.state, ...r.dom };
}

/** Resolves the waiters that accept `value`; returns the others. */
function settle<T>(waiters: Waiter<T>[], value: T): Waiter<T>[] {
  return waiters.filter((w) => {
    if (!w.accept(value)) return true;
    w.resolve(value);
    return false;
  });
}
