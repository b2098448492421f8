// Making a model directory the active one: the worker loads (and so validates) it first.
import type * as vscode from 'vscode';
import type { ModelSummary } from '../../worker/protocol';
import { globalModelRoot } from '../paths';
import type { Studio } from '../studio';
import { mayLoadModel } from '../trust';

export async function activateModel(studio: Studio, dir: vscode.Uri): Promise<ModelSummary | undefined> {
  if (!mayLoadModel(dir, globalModelRoot(studio.context))) return undefined;
  const summary = await studio.worker.request('load', { dir: dir.fsPath });
  await studio.activeModel.set(summary);
  studio.log.info(`active model: ${summary.name} (${summary.dir})`);
  return summary;
}
