// The model quick pick shared by Load Model, Select Active Model, Transform Selection and Evaluate.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { modelRoots } from '../paths';
import type { Studio } from '../studio';
import { listCatalog, type CatalogEntry } from './catalog';

interface Item extends vscode.QuickPickItem {
  dir?: vscode.Uri;
  chooseFolder?: boolean;
}

export async function pickModel(
  studio: Studio,
  title: string,
  options: { chooseFolder: boolean },
): Promise<vscode.Uri | undefined> {
  const entries = await listCatalog(modelRoots(studio.context));
  const active = studio.activeModel.get()?.dir;
  const items: Item[] = entries.map((e) => modelItem(e, active));
  if (options.chooseFolder)
    items.push({
      label: `$(folder-opened) ${vscode.l10n.t('Choose Folder...')}`,
      chooseFolder: true,
      alwaysShow: true,
    });
  if (!items.length) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('No models yet: train one with "Seq2Seq: Train Model from Workspace Corpus...".'),
    );
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(items, {
    title,
    placeHolder: vscode.l10n.t('Select a model'),
    matchOnDescription: true,
  });
  if (!picked?.chooseFolder) return picked?.dir;
  const folders = await vscode.window.showOpenDialog({
    canSelectFolders: true,
    canSelectFiles: false,
    title,
    openLabel: vscode.l10n.t('Load Model'),
  });
  return folders?.[0];
}

function modelItem(e: CatalogEntry, active: string | undefined): Item {
  const m = e.manifest;
  const isActive = active !== undefined && path.resolve(active) === e.dir.fsPath;
  const metric = m?.metrics && Object.entries(m.metrics).find(([k]) => k === 'exact' || k === 'bleu');
  return {
    label: `${isActive ? '$(check) ' : ''}${m?.name ?? path.basename(e.dir.fsPath)}`,
    description: [e.root.label, m?.preset, metric && `${metric[0]} ${metric[1].toFixed(3)}`]
      .filter(Boolean)
      .join(' · '),
    detail:
      e.problem ??
      (e.resumable
        ? vscode.l10n.t('training stopped at epoch {0}/{1}: resumable', e.resumable.epoch, e.resumable.epochs)
        : undefined),
    dir: e.dir,
  };
}
