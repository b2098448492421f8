// The n-best quick pick: beam search's alternatives with their scores, best first.
import * as vscode from 'vscode';
import type { Translation } from '../../core/translator';

export async function pickAlternative(translations: Translation[]): Promise<number | undefined> {
  const items = translations.map((t, index) => ({
    label: t.text || vscode.l10n.t('(empty output)'),
    description: vscode.l10n.t(
      'score {0} · log p {1}{2}',
      t.score.toFixed(3),
      t.logProb.toFixed(2),
      t.finished ? '' : vscode.l10n.t(' · cut at the length limit'),
    ),
    index,
  }));
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Alternatives from beam search'),
    placeHolder: vscode.l10n.t('Pick the output to use'),
  });
  return picked?.index;
}
