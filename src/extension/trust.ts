// Restricted Mode: model files and corpora in an untrusted workspace may be crafted, so the
// extension neither trains on nor loads models from it. Models in the global storage stay usable.
import * as vscode from 'vscode';
import { isInside } from './paths';

/** Shows why the action is refused (with a way to trust the workspace) and returns false when untrusted. */
export function mayTrain(): boolean {
  return (
    vscode.workspace.isTrusted ||
    refuse(
      vscode.l10n.t(
        'Seq2Seq Studio does not train models in Restricted Mode: ' +
          'the corpus and the files written come from a workspace you have not trusted.',
      ),
    )
  );
}

export function mayLoadModel(dir: vscode.Uri, globalStorage: vscode.Uri): boolean {
  if (vscode.workspace.isTrusted || isInside(dir, globalStorage)) return true;
  return refuse(
    vscode.l10n.t(
      'Seq2Seq Studio does not load models from an untrusted workspace in Restricted Mode: ' +
        'a crafted model directory could exhaust memory. ' +
        'Models in the global storage can still be used.',
    ),
  );
}

function refuse(reason: string): false {
  const manage = vscode.l10n.t('Manage Workspace Trust');
  void vscode.window.showWarningMessage(reason, manage).then((choice) => {
    if (choice === manage) void vscode.commands.executeCommand('workbench.trust.manage');
  });
  return false;
}
