// The attention side panel: a webview view in the "seq2seq" activity-bar container, the editor
// decorations its hovers cause, and the export commands. Returns the sink the commands feed.
//
// Test hooks, which work only when the extension runs in test mode (ExtensionMode.Test, as the VS Code
// suites start it); reach them with `(api.attentionSink as AttentionPanel)` from the extension's API:
//   lastRendered()        opens the view if needed; resolves with what the webview drew for the
//                         latest data, read back from its DOM (rows/cols, labels, cell weights...).
//   hoverOutputToken(i)   hovers output token i through the webview's own hover handler; resolves
//                         with the editor ranges decorated and their weights.
//   hoverSourceToken(j)   the same for source token j.
//   selectItem(i), selectAlternative(i)
//                         change the line / beam alternative through the pickers; resolve with the
//                         new render.
// Export commands (seq2seq.attention.export{Svg,Png,Json,Pharaoh}) take an optional target path.
import * as vscode from 'vscode';
import type { TrainEvent } from '../../core/train/events';
import type { HighlightResult } from './editor-highlight';
import { registerExportCommands, EXPORT_COMMANDS } from './exports';
import type { ExportFormat, RenderedReport } from '../../shared/attention-messages';
import { AttentionViewProvider, VIEW_ID } from './provider';
import type { TransformRecord } from '../../shared/transform-record';
import type { AttentionSink } from './sink';

export interface AttentionPanel extends AttentionSink {
  lastRendered(): Promise<RenderedReport>;
  hoverOutputToken(row: number): Promise<HighlightResult>;
  hoverSourceToken(col: number): Promise<HighlightResult>;
  selectItem(index: number): Promise<RenderedReport>;
  selectAlternative(index: number): Promise<RenderedReport>;
}

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
  );
  return {
    showTransform: (record: TransformRecord) => provider.showTransform(record),
    showTraining: (event: TrainEvent & { run: string }) => provider.showTraining(event),
    lastRendered: () => provider.renderedReport(),
    hoverOutputToken: (row) => provider.driveHover({ kind: 'hoverRow', row }),
    hoverSourceToken: (col) => provider.driveHover({ kind: 'hoverCol', col }),
    selectItem: (index) => provider.driveSelect({ kind: 'selectItem', index }),
    selectAlternative: (index) => provider.driveSelect({ kind: 'selectAlternative', index }),
  };
}
