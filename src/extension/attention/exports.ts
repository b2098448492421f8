// Export commands: the heatmap as SVG or PNG, the alignments as JSON or Pharaoh. Each takes an
// optional target (a path or Uri) so tests and scripts skip the save dialog; returns the Uri written.
import * as vscode from 'vscode';
import { alignmentJson } from '../../shared/export/alignment-json';
import { heatmapSvg } from '../../shared/export/heatmap-svg';
import { pharaohLine } from '../../shared/export/pharaoh';
import type { ExportFormat } from '../../shared/attention-messages';
import type { AttentionViewProvider } from './provider';

export const EXPORT_COMMANDS: Record<ExportFormat, string> = {
  svg: 'seq2seq.attention.exportSvg',
  png: 'seq2seq.attention.exportPng',
  json: 'seq2seq.attention.exportJson',
  pharaoh: 'seq2seq.attention.exportPharaoh',
};

const FILTERS: Record<ExportFormat, Record<string, string[]>> = {
  svg: { SVG: ['svg'] },
  png: { PNG: ['png'] },
  json: { JSON: ['json'] },
  pharaoh: { 'Pharaoh alignments': ['align', 'txt'] },
};

/** PNG pixels per SVG unit: sharp on high-density screens and in documents. */
const PNG_SCALE = 2;

export function registerExportCommands(provider: AttentionViewProvider): vscode.Disposable[] {
  return (Object.keys(EXPORT_COMMANDS) as ExportFormat[]).map((format) =>
    vscode.commands.registerCommand(EXPORT_COMMANDS[format], async (target?: unknown) => {
      try {
        return await exportAs(provider, format, target);
      } catch (e) {
        void vscode.window.showErrorMessage(
          vscode.l10n.t('Attention export failed: {0}', e instanceof Error ? e.message : String(e)),
        );
        return undefined;
      }
    }),
  );
}

async function exportAs(
  provider: AttentionViewProvider,
  format: ExportFormat,
  target: unknown,
): Promise<vscode.Uri | undefined> {
  const current = provider.current();
  if (!current) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Nothing to export yet: translate a selection first.'));
    return undefined;
  }
  const { record, selection, chosen } = current;
  let bytes: Uint8Array;
  if (format === 'json') {
    bytes = utf8(`${JSON.stringify(alignmentJson(record, chosen), null, 2)}\n`);
  } else if (format === 'pharaoh') {
    bytes = utf8(
      record.items.map((item, i) => `${pharaohLine(item.translations[chosen[i] ?? 0]?.attention ?? null)}\n`).join(''),
    );
  } else {
    const item = record.items[selection.item];
    const translation = item?.translations[selection.alternative];
    if (!translation?.attention)
      throw new Error(vscode.l10n.t('the shown output has no attention weights (the model has no attention).'));
    const svg = heatmapSvg({
      title: `${record.modelName}: ${item.source} → ${translation.text}`,
      rowTokens: translation.tokens,
      colTokens: item.sourceTokens.map((t) => t.text),
      weights: translation.attention,
    });
    bytes = format === 'svg' ? utf8(svg) : await provider.rasterize(svg, PNG_SCALE);
  }
  const uri =
    targetUri(target) ??
    (await vscode.window.showSaveDialog({
      title: vscode.l10n.t('Export attention as {0}', format.toUpperCase()),
      defaultUri: defaultUri(record.modelName, format),
      filters: FILTERS[format],
    }));
  if (!uri) return undefined;
  await vscode.workspace.fs.writeFile(uri, bytes);
  return uri;
}

function targetUri(target: unknown): vscode.Uri | undefined {
  if (target instanceof vscode.Uri) return target;
  return typeof target === 'string' && target ? vscode.Uri.file(target) : undefined;
}

function defaultUri(model: string, format: ExportFormat): vscode.Uri | undefined {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const name = `attention-${model.replace(/[^\w.-]+/g, '_')}.${FILTERS[format][Object.keys(FILTERS[format])[0]][0]}`;
  return folder && vscode.Uri.joinPath(folder, name);
}

const utf8 = (text: string) => new TextEncoder().encode(text);
