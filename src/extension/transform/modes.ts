// Putting the model's outputs into the editor: replace the sources, insert below them, or open the
// results beside. Edits are one `editor.edit`, hence one undo step.
import * as vscode from 'vscode';
import type { Piece } from './pieces';

export type TransformMode = 'replace' | 'insertBelow' | 'beside';
export const TRANSFORM_MODES: readonly TransformMode[] = ['replace', 'insertBelow', 'beside'];

function toRange(p: Piece): vscode.Range {
  return new vscode.Range(p.start.line, p.start.character, p.end.line, p.end.character);
}

export async function applyOutputs(
  editor: vscode.TextEditor,
  pieces: Piece[],
  outputs: string[],
  mode: TransformMode,
): Promise<boolean> {
  const doc = editor.document;
  const eol = doc.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
  if (mode === 'beside') {
    const result = await vscode.workspace.openTextDocument({ content: outputs.join(eol), language: doc.languageId });
    await vscode.window.showTextDocument(result, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true });
    return true;
  }
  return editor.edit((edit) =>
    pieces.forEach((p, i) => {
      if (mode === 'replace') {
        edit.replace(toRange(p), outputs[i]);
      } else {
        // Below the piece's last line, indented like its first line.
        const indent = doc
          .lineAt(p.start.line)
          .text.slice(0, doc.lineAt(p.start.line).firstNonWhitespaceCharacterIndex);
        edit.insert(doc.lineAt(p.end.line).range.end, eol + indent + outputs[i]);
      }
    }),
  );
}
