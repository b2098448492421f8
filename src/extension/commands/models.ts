// Load Model... (workspace models, global storage, or a folder) and Select Active Model.
import * as vscode from 'vscode';
import type { ModelSummary } from '../../worker/protocol';
import { activateModel } from '../models/activate';
import { pickModel } from '../models/pick-model';
import { toUri } from '../paths';
import type { Studio } from '../studio';

/** `dir` skips the picker. */
export interface ModelArgs {
  dir?: string;
}

export async function loadModel(studio: Studio, args: ModelArgs = {}): Promise<ModelSummary | undefined> {
  const dir = args.dir ? toUri(args.dir) : await pickModel(studio, vscode.l10n.t('Load Model'), { chooseFolder: true });
  const model = dir && (await activateModel(studio, dir));
  if (model && !args.dir)
    void vscode.window.showInformationMessage(vscode.l10n.t('Model {0} loaded and active.', model.name));
  return model;
}

export async function selectModel(studio: Studio, args: ModelArgs = {}): Promise<ModelSummary | undefined> {
  const dir = args.dir
    ? toUri(args.dir)
    : await pickModel(studio, vscode.l10n.t('Select Active Model'), { chooseFolder: false });
  return dir && activateModel(studio, dir);
}
