// The corpus preview before training: counts, the first pairs and the problems found. Picking a
// problem opens the file at that line.
import * as vscode from 'vscode';
import { formatProblem, type Corpus } from '../../core/data/corpus';

const SHOWN_PAIRS = 10;
const SHOWN_PROBLEMS = 50;

interface Item extends vscode.QuickPickItem {
  proceed?: boolean;
  problem?: { file: string; line: number };
}

export async function confirmCorpus(corpus: Corpus): Promise<boolean> {
  const name = vscode.workspace.asRelativePath(corpus.files[0]);
  const { pairs, problems } = corpus;
  const items: Item[] = [
    { label: `$(play) ${vscode.l10n.t('Continue with {0} pairs', pairs.length)}`, proceed: true },
    { label: vscode.l10n.t('First pairs'), kind: vscode.QuickPickItemKind.Separator },
    ...pairs.slice(0, SHOWN_PAIRS).map((p) => ({ label: `${p.source}  →  ${p.target}`, description: `:${p.line}` })),
  ];
  if (problems.length) {
    items.push({
      label: vscode.l10n.t('{0} problems (these lines are skipped)', problems.length),
      kind: vscode.QuickPickItemKind.Separator,
    });
    items.push(
      ...problems.slice(0, SHOWN_PROBLEMS).map((p) => ({
        label: `$(warning) ${formatProblem({ ...p, file: vscode.workspace.asRelativePath(p.file) })}`,
        problem: p,
      })),
    );
  }
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('{0}: {1} pairs, {2} problems ({3})', name, pairs.length, problems.length, corpus.format),
    placeHolder: vscode.l10n.t('Check the pairs, then continue'),
  });
  if (picked?.problem) await openAt(picked.problem.file, picked.problem.line);
  return picked?.proceed === true;
}

async function openAt(file: string, line: number): Promise<void> {
  const position = new vscode.Position(Math.max(0, line - 1), 0);
  await vscode.window.showTextDocument(vscode.Uri.file(file), { selection: new vscode.Range(position, position) });
}
