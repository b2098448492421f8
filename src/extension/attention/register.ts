// The attention view: a webview view in the "seq2seq" activity-bar container (the lines picture fits
// there), the same page as a panel in the editor area (Open Attention in Editor: room for the heatmap),
// the editor decorations their hovers cause, and the export commands. Returns the sink the commands feed.
//
// Test hooks, which work only when the extension runs in test mode (ExtensionMode.Test, as the VS Code
// suites start it); reach them with `(api.attentionSink as AttentionPanel)` from the extension's API:
//   lastRendered()        opens the view if needed; resolves with what the webview drew for the
//                         latest data, read back from its DOM (rows/cols, labels, cell weights...).
//   hoverOutputToken(i)   hovers output token i through the webview's own hover handler; resolves
//                         with the editor ranges decorated and their weights.
//   hoverSourceToken(j)   the same for source token j.
//   selectItem(i), selectAlternative(i), setPicture('lines' | 'heatmap')
//                         change the line / beam alternative / picture through the page's controls;
//                         resolve with the new render.
// Each takes an optional last argument `place`: 'view' (the side bar, the default) or 'editor' (the panel).
// Export commands (seq2seq.attention.export{Svg,Png,Json,Pharaoh}) take an optional target path.
import * as vscode from 'vscode';
import type { TrainEvent } from '../../core/train/events';
import type { HighlightResult } from './editor-highlight';
import { registerExportCommands, EXPORT_COMMANDS } from './exports';
import type { ExportFormat, RenderedReport } from '../../shared/attention-messages';
import { AttentionViewProvider, VIEW_ID, type Place } from './provider';
import type { TransformRecord } from '../../shared/transform-record';
import type { AttentionSink } from './sink';

export interface AttentionPanel extends AttentionSink {
  lastRendered(place?: Place): Promise<RenderedReport>;
  hoverOutputToken(row: number, place?: Place): Promise<HighlightResult>;
  hoverSourceToken(col: number, place?: Place): Promise<HighlightResult>;
  selectItem(index: number, place?: Place): Promise<RenderedReport>;
  selectAlternative(index: number, place?: Place): Promise<RenderedReport>;
  setPicture(picture: 'lines' | 'heatmap', place?: Place): Promise<RenderedReport>;
}

export const OPEN_IN_EDITOR = 'seq2seq.openAttentionInEditor';

export function registerAttentionView(context: vscode.ExtensionContext): AttentionPanel {
  const runExport = (format: ExportFormat) => void vscode.commands.executeCommand(EXPORT_COMMANDS[format]);
  const provider = new AttentionViewProvider(
    context.extensionUri,
    runExport,
    context.extensionMode === vscode.ExtensionMode.Test,
  );
  context.subscriptions.push(
    provider,
    // Keeping the page alive while hidden would cost memory for a panel that redraws in milliseconds.
    vscode.window.registerWebviewViewProvider(VIEW_ID, provider, {
      webviewOptions: { retainContextWhenHidden: false },
    }),
    ...registerExportCommands(provider),
    vscode.commands.registerCommand(OPEN_IN_EDITOR, () => provider.openInEditor()),
  );
  return {
    showTransform: (record: TransformRecord) => provider.showTransform(record),
    showTraining: (event: TrainEvent & { run: string }) => provider.showTraining(event),
    lastRendered: (place) => provider.renderedReport(place),
    hoverOutputToken: (row, place) => provider.driveHover({ kind: 'hoverRow', row }, place),
    hoverSourceToken: (col, place) => provider.driveHover({ kind: 'hoverCol', col }, place),
    selectItem: (index, place) => provider.driveSelect({ kind: 'selectItem', index }, place),
    selectAlternative: (index, place) => provider.driveSelect({ kind: 'selectAlternative', index }, place),
    setPicture: (picture, place) => provider.driveSelect({ kind: 'setPicture', picture }, place),
  };
}
