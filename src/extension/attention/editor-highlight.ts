// Editor decorations for a hover in the panel: the attended source tokens, shaded by weight. VS Code
// decorations have fixed colours per type, so weights fall into a few levels, one type each.
import * as vscode from 'vscode';
import type { SourceStatus } from '../../shared/attention-messages';
import { sourceIsIntact, tokenRange, type PosRange } from './source-ranges';
import type { AlignedItem } from '../../shared/transform-record';

/** What a hover decorated; the in-host tests read it through the panel's test hooks. */
export interface HighlightResult {
  status: SourceStatus | 'cleared';
  documentUri: string;
  ranges: (PosRange & { weight: number })[];
}

const LEVELS = 5;
/** Weights below this are noise: decorating them would paint the whole source. */
export const MIN_WEIGHT = 0.05;

export class SourceHighlighter implements vscode.Disposable {
  private readonly types = Array.from({ length: LEVELS }, (_, level) =>
    vscode.window.createTextEditorDecorationType({
      backgroundColor: `rgba(55, 148, 255, ${(0.12 + 0.14 * level).toFixed(2)})`,
      // The strongest levels get a border too, which high-contrast themes need (shades alone are weak there).
      ...(level >= 3
        ? {
            borderWidth: '1px',
            borderStyle: 'solid',
            borderColor: new vscode.ThemeColor('focusBorder'),
            overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.findMatchForeground'),
            overviewRulerLane: vscode.OverviewRulerLane.Center,
          }
        : {}),
      borderRadius: '2px',
      rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
    }),
  );

  /** Shades each source token of `item` by `weights[j]` in every visible editor of its document. */
  show(item: AlignedItem, weights: readonly number[], describe: (j: number, w: number) => string): HighlightResult {
    this.clear();
    const none = (status: SourceStatus): HighlightResult => ({ status, documentUri: item.documentUri, ranges: [] });
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === item.documentUri);
    if (!doc) return none('closed');
    const range = new vscode.Range(
      item.range.start.line,
      item.range.start.character,
      item.range.end.line,
      item.range.end.character,
    );
    if (!sourceIsIntact(doc.getText(doc.validateRange(range)), item.source)) return none('replaced');
    const editors = vscode.window.visibleTextEditors.filter((e) => e.document === doc);
    if (!editors.length) return none('hidden');
    const byLevel: vscode.DecorationOptions[][] = this.types.map(() => []);
    const ranges: HighlightResult['ranges'] = [];
    item.sourceTokens.forEach((span, j) => {
      const w = weights[j] ?? 0;
      if (!(w >= MIN_WEIGHT) || span.end <= span.start) return;
      const r = tokenRange(item.range.start, item.source, span);
      ranges.push({ ...r, weight: w });
      byLevel[Math.min(LEVELS - 1, Math.floor(w * LEVELS))].push({
        range: new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character),
        hoverMessage: describe(j, w),
      });
    });
    for (const editor of editors) this.types.forEach((type, level) => editor.setDecorations(type, byLevel[level]));
    return { status: 'shown', documentUri: item.documentUri, ranges };
  }

  clear(): void {
    for (const editor of vscode.window.visibleTextEditors)
      for (const type of this.types) editor.setDecorations(type, []);
  }

  dispose(): void {
    for (const type of this.types) type.dispose();
  }
}
