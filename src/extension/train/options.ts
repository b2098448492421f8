// Choosing what to train: a preset, a name, and the key options (the rest keeps the core defaults).
import * as vscode from 'vscode';
import { PRESET_NAMES, type PresetName } from '../../core/model/config';
import { TOKENIZER_KINDS, type TokenizerKind } from '../../core/data/tokenizer';
import type { DataOptions } from '../../core/train/dataset';
import type { TrainOptions } from '../../core/train/trainer';

export interface TrainChoices {
  preset: PresetName;
  name: string;
  options: Partial<TrainOptions>;
  data: Partial<DataOptions>;
}
export interface TrainDefaults { train: TrainOptions; data: DataOptions }

function presetDetail(preset: PresetName): string {
  switch (preset) {
    case 'cho2014': return vscode.l10n.t('Cho et al. 2014: GRU encoder-decoder with a fixed context vector');
    case 'sutskever2014': return vscode.l10n.t('Sutskever et al. 2014: deep LSTMs reading the source backwards');
    case 'bahdanau2014':
      return vscode.l10n.t('Bahdanau et al. 2014: bidirectional GRU with attention (alignments in the attention panel)');
  }
}

export const MODEL_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export async function choosePreset(defaultPreset: PresetName): Promise<PresetName | undefined> {
  const items = PRESET_NAMES.map((preset) => ({
    label: preset, detail: presetDetail(preset), description: preset === defaultPreset ? vscode.l10n.t('default') : undefined, preset,
  }));
  items.sort((a, b) => Number(b.preset === defaultPreset) - Number(a.preset === defaultPreset));
  return (await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Train: architecture') }))?.preset;
}

export function chooseName(suggested: string, taken: (name: string) => Promise<boolean>): Thenable<string | undefined> {
  return vscode.window.showInputBox({
    title: vscode.l10n.t('Train: model name'),
    value: suggested,
    validateInput: async (name) => {
      if (!MODEL_NAME.test(name)) return vscode.l10n.t('Use letters, digits, ".", "_" and "-".');
      return (await taken(name)) ? vscode.l10n.t('A model named {0} already exists.', name) : undefined;
    },
  });
}

type NumberKey = 'epochs' | 'batchSize' | 'learningRate';
type Key = NumberKey | 'tokenizer' | 'lowercase';
interface Item extends vscode.QuickPickItem { key?: Key }
interface Choices { epochs: number; batchSize: number; learningRate: number; tokenizer: TokenizerKind; lowercase: boolean }

function optionItems(o: Choices): Item[] {
  const items: Item[] = [
    { label: `$(play) ${vscode.l10n.t('Start Training')}` },
    { label: vscode.l10n.t('Epochs: {0}', o.epochs), key: 'epochs' },
    { label: vscode.l10n.t('Batch size: {0}', o.batchSize), key: 'batchSize' },
    { label: vscode.l10n.t('Learning rate: {0}', o.learningRate), key: 'learningRate' },
    {
      label: vscode.l10n.t('Tokens: {0}', o.tokenizer), key: 'tokenizer',
      detail: vscode.l10n.t('char for short strings (dates, spelling), word or bpe for sentences'),
    },
  ];
  // Char tokenizers keep case, so the choice exists only for word and bpe.
  if (o.tokenizer !== 'char') {
    const state = o.lowercase ? vscode.l10n.t('on') : vscode.l10n.t('off');
    items.push({ label: vscode.l10n.t('Lowercase: {0}', state), detail: vscode.l10n.t('fold case on both sides'), key: 'lowercase' });
  }
  return items;
}

/** Loops over a summary of the options until the person starts the training (or escapes). */
export async function chooseOptions(defaults: TrainDefaults): Promise<Pick<TrainChoices, 'options' | 'data'> | undefined> {
  const { train, data } = defaults;
  const o: Choices = {
    epochs: train.epochs, batchSize: train.batchSize, learningRate: train.learningRate, tokenizer: data.sourceTokenizer, lowercase: data.lowercase,
  };
  for (;;) {
    const picked = await vscode.window.showQuickPick(optionItems(o), { title: vscode.l10n.t('Train: options') });
    if (!picked) return undefined;
    if (!picked.key) {
      return {
        options: { epochs: o.epochs, batchSize: o.batchSize, learningRate: o.learningRate },
        data: { sourceTokenizer: o.tokenizer, targetTokenizer: o.tokenizer, lowercase: o.lowercase && o.tokenizer !== 'char' },
      };
    }
    if (picked.key === 'lowercase') o.lowercase = !o.lowercase;
    else if (picked.key === 'tokenizer') o.tokenizer = (await pickTokenizer()) ?? o.tokenizer;
    else o[picked.key] = (await askNumber(picked.label, o[picked.key], picked.key !== 'learningRate')) ?? o[picked.key];
  }
}

async function pickTokenizer(): Promise<TokenizerKind | undefined> {
  return (await vscode.window.showQuickPick([...TOKENIZER_KINDS], { title: vscode.l10n.t('Tokens') })) as TokenizerKind | undefined;
}

async function askNumber(title: string, value: number, integer: boolean): Promise<number | undefined> {
  const text = await vscode.window.showInputBox({
    title, value: String(value),
    validateInput: (v) => (Number(v) > 0 && (!integer || Number.isInteger(Number(v))) ? undefined : vscode.l10n.t('Enter a positive number.')),
  });
  return text === undefined ? undefined : Number(text);
}
