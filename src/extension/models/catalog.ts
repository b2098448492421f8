// Lists model directories for the pickers by reading their manifests through workspace.fs. This is
// for display only: the worker validates a model fully when it loads it.
import * as vscode from 'vscode';
import { MANIFEST_FILE, type Manifest } from '../../core/store/manifest';
import type { ModelRoot } from '../paths';

export interface CatalogEntry {
  dir: vscode.Uri;
  root: ModelRoot;
  /** Absent when the manifest cannot be read; `problem` says why. */
  manifest?: Manifest;
  problem?: string;
  /** A checkpoint a stopped or interrupted training can continue from. */
  resumable?: { epoch: number; epochs: number };
}

export async function listCatalog(roots: ModelRoot[]): Promise<CatalogEntry[]> {
  const lists = await Promise.all(
    roots.map(async (root) => {
      const entries = await vscode.workspace.fs.readDirectory(root.uri).then(
        (e) => e,
        () => [],
      );
      return Promise.all(
        entries
          .filter(([, type]) => type === vscode.FileType.Directory)
          .map(([name]) => describeModel(vscode.Uri.joinPath(root.uri, name), root)),
      );
    }),
  );
  return lists.flat().sort((a, b) => (b.manifest?.createdAt ?? '').localeCompare(a.manifest?.createdAt ?? ''));
}

async function describeModel(dir: vscode.Uri, root: ModelRoot): Promise<CatalogEntry> {
  const checkpoint = await readManifest(vscode.Uri.joinPath(dir, 'checkpoint')).catch(() => undefined);
  const resumable = checkpoint && resumableState(checkpoint);
  try {
    return { dir, root, manifest: await readManifest(dir), resumable };
  } catch (e) {
    return { dir, root, problem: (e as Error).message, resumable };
  }
}

async function readManifest(dir: vscode.Uri): Promise<Manifest> {
  const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(dir, MANIFEST_FILE));
  const manifest = JSON.parse(new TextDecoder().decode(bytes)) as Manifest;
  if (typeof manifest?.name !== 'string')
    throw new Error(vscode.l10n.t('{0} is not a Seq2Seq Studio model manifest.', MANIFEST_FILE));
  return manifest;
}

/** A checkpoint is resumable while its run has epochs left and has not stopped early. */
function resumableState(checkpoint: Manifest): CatalogEntry['resumable'] {
  const state = checkpoint.training;
  const epochs = Number(state?.options.epochs);
  const patience = Number(state?.options.patience);
  if (!state || !(state.epoch < epochs) || state.epochsWithoutImprovement >= patience) return undefined;
  return { epoch: state.epoch, epochs };
}
