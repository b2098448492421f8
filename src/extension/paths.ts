// Where models live: `<workspace>/.seq2seq/models/<name>` or the extension's global storage.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Settings } from './settings';

export interface ModelRoot {
  label: string;
  uri: vscode.Uri;
}

/** The workspace's model folder (first workspace folder), if a folder is open. */
export function workspaceModelRoot(): vscode.Uri | undefined {
  const folder = vscode.workspace.workspaceFolders?.[0];
  return folder && vscode.Uri.joinPath(folder.uri, '.seq2seq', 'models');
}

export function globalModelRoot(context: vscode.ExtensionContext): vscode.Uri {
  return vscode.Uri.joinPath(context.globalStorageUri, 'models');
}

/** Where a new training writes, following `seq2seq.modelLocation` (global storage without a folder). */
export function trainingRoot(context: vscode.ExtensionContext, settings: Settings): vscode.Uri {
  const workspace = settings.modelLocation === 'workspace' ? workspaceModelRoot() : undefined;
  return workspace ?? globalModelRoot(context);
}

export function modelRoots(context: vscode.ExtensionContext): ModelRoot[] {
  const workspace = workspaceModelRoot();
  return [
    ...(workspace ? [{ label: vscode.l10n.t('Workspace'), uri: workspace }] : []),
    { label: vscode.l10n.t('Global storage'), uri: globalModelRoot(context) },
  ];
}

export function isInside(child: vscode.Uri, parent: vscode.Uri): boolean {
  const relative = path.relative(parent.fsPath, child.fsPath);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** A command argument naming a file or folder: an absolute path, a workspace-relative path or a Uri. */
export function toUri(value: string | vscode.Uri): vscode.Uri {
  if (typeof value !== 'string') return value;
  if (path.isAbsolute(value)) return vscode.Uri.file(value);
  const folder = vscode.workspace.workspaceFolders?.[0];
  return folder ? vscode.Uri.joinPath(folder.uri, value) : vscode.Uri.file(path.resolve(value));
}

/** Whether a file or folder is there (through workspace.fs, so remote workspaces work too). */
export async function exists(uri: vscode.Uri): Promise<boolean> {
  return vscode.workspace.fs.stat(uri).then(
    () => true,
    () => false,
  );
}
