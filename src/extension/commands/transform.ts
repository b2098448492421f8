// Translate Selection and Transform Selection...: the selected lines go to the worker in one batch,
// the outputs come back into the editor in one edit, and the alignments go to the attention panel.
import * as vscode from 'vscode';
import type { TransformRecord } from '../../shared/transform-record';
import { pickModel } from '../models/pick-model';
import { activeModelDir, modelWithoutActive } from '../models/no-model';
import { toUri, globalModelRoot } from '../paths';
import { readSettings } from '../settings';
import type { Studio } from '../studio';
import { mayLoadModel } from '../trust';
import { TRANSFORM_MODES, applyOutputs, type TransformMode } from '../transform/modes';
import { pickAlternative } from '../transform/pick-alternative';
import { selectionPieces, type SelectionUnit } from '../transform/pieces';

/** Arguments that let a caller (a keybinding, a test) skip every question. */
export interface TransformArgs {
  mode?: TransformMode;
  /** A model directory; by default the active model. */
  modelDir?: string;
  /** By default `seq2seq.selectionUnit`. */
  unit?: SelectionUnit;
  /** By default `seq2seq.beamSize`. */
  beamSize?: number;
  /** Alternatives to decode; for a single piece they are offered in a quick pick unless `pick` is false. */
  nBest?: number;
  pick?: boolean;
}

export function translateSelection(studio: Studio, args: TransformArgs = {}): Promise<TransformRecord | undefined> {
  return transform(studio, { mode: 'replace', nBest: 1, pick: false, ...args });
}

export async function transformSelection(
  studio: Studio,
  args: TransformArgs = {},
): Promise<TransformRecord | undefined> {
  const modelDir =
    args.modelDir ??
    (await pickModel(studio, vscode.l10n.t('Transform Selection: model'), { chooseFolder: true }))?.fsPath;
  const mode = args.mode ?? (await pickMode());
  if (!modelDir || !mode) return undefined;
  return transform(studio, { nBest: readSettings().beamSize, pick: true, ...args, modelDir, mode });
}

async function transform(
  studio: Studio,
  args: TransformArgs & { mode: TransformMode },
): Promise<TransformRecord | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) throw new Error(vscode.l10n.t('Open an editor and select the text to transform.'));
  const dir = await modelDirectory(studio, args.modelDir);
  if (!dir || !mayLoadModel(dir, globalModelRoot(studio.context))) return undefined;
  const settings = readSettings();
  const doc = editor.document;
  const pieces = selectionPieces(
    (line) => doc.lineAt(line).text,
    editor.selections,
    args.unit ?? settings.selectionUnit,
  );
  if (!pieces.length) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Nothing to transform: the selected lines are empty.'));
    return undefined;
  }
  const version = doc.version;
  const beamSize = args.beamSize ?? settings.beamSize;
  const started = performance.now();
  const [model, results] = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Seq2Seq: translating') },
    () =>
      Promise.all([
        studio.worker.request('load', { dir: dir.fsPath }),
        studio.worker.request('translate', {
          dir: dir.fsPath,
          texts: pieces.map((p) => p.text),
          options: {
            beamSize: Math.max(beamSize, args.nBest ?? 1),
            nBest: args.nBest ?? 1,
            maxLength: settings.maxOutputLength || undefined,
          },
        }),
      ]),
  );
  studio.log.info(`${model.name}: ${pieces.length} sequence(s) in ${Math.round(performance.now() - started)} ms`);
  if (doc.version !== version)
    throw new Error(vscode.l10n.t('The document changed while the model was decoding; run the command again.'));
  const choice =
    pieces.length === 1 && args.pick && results[0].translations.length > 1
      ? await pickAlternative(results[0].translations)
      : 0;
  if (choice === undefined) return undefined;
  const outputs = results.map((r, i) => r.translations[i === 0 ? choice : 0].text);
  if (!(await applyOutputs(editor, pieces, outputs, args.mode)))
    throw new Error(vscode.l10n.t('The editor refused the edit.'));
  const record: TransformRecord = {
    modelName: model.name,
    createdAt: new Date().toISOString(),
    items: results.map((r, i) => ({
      documentUri: doc.uri.toString(),
      range: { start: pieces[i].start, end: pieces[i].end },
      source: r.source,
      sourceTokens: r.sourceTokens,
      translations: r.translations,
    })),
  };
  studio.lastTransform = record;
  try {
    studio.attention.showTransform(record);
  } catch (e) {
    // The edit is done; a panel failure must not turn it into a failed command.
    studio.log.error(`attention panel: ${e instanceof Error ? e.message : e}`);
  }
  return record;
}

/** The explicit directory, else the active model, else what modelWithoutActive offers. */
async function modelDirectory(studio: Studio, explicit: string | undefined): Promise<vscode.Uri | undefined> {
  if (explicit) return toUri(explicit);
  return (await activeModelDir(studio)) ?? modelWithoutActive(studio);
}

async function pickMode(): Promise<TransformMode | undefined> {
  const labels: Record<TransformMode, string> = {
    replace: vscode.l10n.t('Replace the selection'),
    insertBelow: vscode.l10n.t('Insert the result below each line'),
    beside: vscode.l10n.t('Open the result beside'),
  };
  const picked = await vscode.window.showQuickPick(
    TRANSFORM_MODES.map((mode) => ({ label: labels[mode], mode })),
    { title: vscode.l10n.t('Transform Selection: mode') },
  );
  return picked?.mode;
}
