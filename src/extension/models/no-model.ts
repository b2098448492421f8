// What Translate Selection does without an active model. A training still running says so and offers its
// best model so far (the trainer saves the best model to its directory at every improvement); with no
// model anywhere, it offers Train... and Load Model...; otherwise the person picks one of the models.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { MANIFEST_FILE } from '../../core/store/manifest';
import type { TrainingStatus } from '../train/session';
import type { Studio } from '../studio';
import { exists, modelRoots } from '../paths';
import { listCatalog } from './catalog';
import { activateModel } from './activate';
import { pickModel } from './pick-model';

/** The active model's directory when it still holds a model (a deleted one is forgotten). */
export async function activeModelDir(studio: Studio): Promise<vscode.Uri | undefined> {
  const active = studio.activeModel.get();
  if (!active) return undefined;
  if (await exists(vscode.Uri.file(path.join(active.dir, MANIFEST_FILE)))) return vscode.Uri.file(active.dir);
  studio.log.warn(`the active model ${active.dir} is gone`);
  await studio.activeModel.clear();
  return undefined;
}

/** The directory to translate with when no model is active; undefined when the person chose otherwise. */
export async function modelWithoutActive(studio: Studio): Promise<vscode.Uri | undefined> {
  const training = studio.training.status();
  if (training) return bestSoFar(training);
  const models = (await listCatalog(modelRoots(studio.context))).filter((e) => e.manifest);
  if (models.length) {
    const picked = await pickModel(studio, vscode.l10n.t('Select the model to translate with'), { chooseFolder: true });
    const summary = picked && (await activateModel(studio, picked));
    return summary && vscode.Uri.file(summary.dir);
  }
  const train = vscode.l10n.t('Train...');
  const load = vscode.l10n.t('Load Model...');
  const choice = await vscode.window.showInformationMessage(
    vscode.l10n.t('There is no model to translate with yet: train one on a corpus, or load one.'),
    train,
    load,
  );
  if (choice === train) void vscode.commands.executeCommand('seq2seq.trainModel');
  if (choice === load) void vscode.commands.executeCommand('seq2seq.loadModel');
  return undefined;
}

/** The running training's best model so far, if the person wants it (it stays the training's, not active). */
async function bestSoFar(training: TrainingStatus): Promise<vscode.Uri | undefined> {
  const dir = vscode.Uri.file(training.outDir);
  const event = training.lastEvent;
  // Events count epochs from 0; people from 1.
  const epoch = event && 'epoch' in event ? event.epoch + 1 : 1;
  if (!(await exists(vscode.Uri.joinPath(dir, MANIFEST_FILE)))) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t(
        'No model is active: {0} is still training (epoch {1}) and has no validated model yet. ' +
          'Translate again after its first epoch, or wait for it to finish.',
        training.name,
        epoch,
      ),
    );
    return undefined;
  }
  const use = vscode.l10n.t('Use Best So Far');
  const choice = await vscode.window.showInformationMessage(
    vscode.l10n.t(
      'No model is active: {0} is still training (epoch {1}). Translate with its best model so far?',
      training.name,
      epoch,
    ),
    use,
  );
  return choice === use ? dir : undefined;
}
