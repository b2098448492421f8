// The contributed commands. Each takes optional arguments that skip its questions (see the *Args
// types), returns its result for callers such as tests, and reports failures instead of throwing.
import * as vscode from 'vscode';
import type { Studio } from '../studio';
import { evaluateModel } from './evaluate';
import { openDatesExample } from './example';
import { loadModel, selectModel } from './models';
import { installNativeBackend } from './native';
import { trainModel } from './train';
import { transformSelection, translateSelection } from './transform';

/** Contributed by the attention panel (package.json "views"); focusing it opens the side panel. */
const ATTENTION_FOCUS = 'seq2seq.attention.focus';

export function registerCommands(studio: Studio): vscode.Disposable[] {
  const t = vscode.l10n.t;
  const commands: Record<string, [string, (args: never) => Promise<unknown>]> = {
    'seq2seq.translateSelection': [t('Translate Selection'), (args) => translateSelection(studio, args)],
    'seq2seq.transformSelection': [t('Transform Selection'), (args) => transformSelection(studio, args)],
    'seq2seq.trainModel': [t('Training'), (args) => trainModel(studio, args)],
    'seq2seq.loadModel': [t('Load Model'), (args) => loadModel(studio, args)],
    'seq2seq.selectModel': [t('Select Active Model'), (args) => selectModel(studio, args)],
    'seq2seq.evaluateModel': [t('Evaluation'), (args) => evaluateModel(studio, args)],
    'seq2seq.openDatesExample': [t('Open the Dates Example'), (args) => openDatesExample(studio.context, args)],
    'seq2seq.stopTraining': [
      t('Stop Training'),
      async () => studio.training.stop() || void vscode.window.showInformationMessage(t('No training is running.')),
    ],
    'seq2seq.showAttention': [
      t('Show Attention'),
      () => Promise.resolve(vscode.commands.executeCommand(ATTENTION_FOCUS)),
    ],
    'seq2seq.installNativeBackend': [t('Install Native Backend'), () => installNativeBackend(studio)],
  };
  return Object.entries(commands).map(([id, [what, run]]) =>
    vscode.commands.registerCommand(id, (args?: unknown) =>
      studio.reporter.guard(what, () => run(commandArgs(args) as never)),
    ),
  );
}

/** Menus pass the editor's Uri as the first argument; only plain objects are command arguments. */
function commandArgs(args: unknown): object {
  return args && typeof args === 'object' && !(args instanceof vscode.Uri) ? args : {};
}
