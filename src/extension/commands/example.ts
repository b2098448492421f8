// Open the Dates Example: copies the bundled date corpus (examples/dates: the corpus, its README and a few
// dates to try) into the workspace and opens it, so a first training needs no corpus of one's own.
import * as vscode from 'vscode';
import { exists } from '../paths';

/** The folder the example goes to, inside the first workspace folder. */
export const EXAMPLE_FOLDER = 'dates-example';
const FILES = ['dates.tsv', 'README.md', 'try-me.txt'];

export interface ExampleArgs {
  /** Where to copy the example; by default <first workspace folder>/dates-example. */
  target?: string;
}

/** Returns the folder the example is in (an existing copy is kept as it is); undefined without a folder. */
export async function openDatesExample(
  context: vscode.ExtensionContext,
  args: ExampleArgs = {},
): Promise<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const target = args.target ? vscode.Uri.file(args.target) : folder && vscode.Uri.joinPath(folder, EXAMPLE_FOLDER);
  if (!target) {
    const open = vscode.l10n.t('Open Folder...');
    const choice = await vscode.window.showInformationMessage(
      vscode.l10n.t('Open a folder first: the dates example is copied into it.'),
      open,
    );
    if (choice === open) void vscode.commands.executeCommand('workbench.action.files.openFolder');
    return undefined;
  }
  const source = vscode.Uri.joinPath(context.extensionUri, 'examples', 'dates');
  for (const file of FILES) {
    const to = vscode.Uri.joinPath(target, file);
    // A copy the person may have edited is never overwritten.
    if (!(await exists(to))) await vscode.workspace.fs.copy(vscode.Uri.joinPath(source, file), to);
  }
  await vscode.window.showTextDocument(vscode.Uri.joinPath(target, 'dates.tsv'), { preview: false });
  const train = vscode.l10n.t('Train...');
  void vscode.window
    .showInformationMessage(
      vscode.l10n.t(
        'The dates example is in {0}: 20,000 dates in many formats and their ISO form, one pair a line. ' +
          'Train a model on it?',
        vscode.workspace.asRelativePath(target),
      ),
      train,
    )
    .then((choice) => choice === train && vscode.commands.executeCommand('seq2seq.trainModel'));
  return target;
}
