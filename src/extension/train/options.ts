// Choosing what to train: a preset, a name, and the key options (the rest keeps the core defaults).
import * as vscode from 'vscode';
import { TRAIN_PRESET_NAMES, presetOptions, type TrainPresetName } from '../../core/options';
import { TOKENIZER_KINDS, type TokenizerKind } from '../../core/data/tokenizer';
import type { DataOptions } from '../../core/train/dataset';
import type { TrainOptions } from '../../core/train/trainer';
import { BUDGET_CHOICES, DEFAULT_BUDGET, chosenTrainOptions, type NumberChoices } from './budget-choice';

export interface TrainChoices {
  preset: TrainPresetName;
  name: string;
  options: Partial<TrainOptions>;
  data: Partial<DataOptions>;
}
export interface TrainDefaults {
  train: TrainOptions;
  data: DataOptions;
}

function presetDetail(preset: TrainPresetName): string {
  switch (preset) {
    case 'auto':
      return vscode.l10n.t(
        'Sized from the corpus and the time budget: attention model, widths, batch, learning rate, dropout',
      );
    case 'cho2014':
      return vscode.l10n.t('Cho et al. 2014: GRU encoder-decoder with a fixed context vector');
    case 'sutskever2014':
      return vscode.l10n.t('Sutskever et al. 2014: deep LSTMs reading the source backwards');
    case 'bahdanau2014':
      return vscode.l10n.t(
        'Bahdanau et al. 2014: bidirectional GRU with attention (alignments in the attention panel)',
      );
    case 'vaswani2017':
      return vscode.l10n.t(
        'Vaswani et al. 2017: Transformer, pre-norm, 3+3 layers (cross-attention per layer and head in the panel)',
      );
  }
}

export const MODEL_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export async function choosePreset(defaultPreset: TrainPresetName): Promise<TrainPresetName | undefined> {
  const items = TRAIN_PRESET_NAMES.map((preset) => ({
    label: preset,
    detail: presetDetail(preset),
    description: preset === defaultPreset ? vscode.l10n.t('default') : undefined,
    preset,
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
type Key = NumberKey | 'timeBudget' | 'tokenizer' | 'lowercase';
interface Item extends vscode.QuickPickItem {
  key?: Key;
}
interface Choices extends NumberChoices {
  tokenizer: TokenizerKind;
  lowercase: boolean;
}

function budgetLabel(seconds: number): string {
  return seconds ? vscode.l10n.t('{0} minutes', seconds / 60) : vscode.l10n.t('epochs only (no time limit)');
}

function optionItems(o: Choices, auto: boolean, epochsSet: boolean): Item[] {
  const items: Item[] = [
    { label: `$(play) ${vscode.l10n.t('Start Training')}` },
    {
      label: vscode.l10n.t('Time budget: {0}', budgetLabel(o.timeBudget)),
      key: 'timeBudget',
      detail: vscode.l10n.t('the best model within this time; the learning rate decays at 70% and 85% of it'),
    },
    // Under a budget, epochs not set mean "as many as the budget buys" (see chosenTrainOptions).
    o.timeBudget && !epochsSet
      ? { label: vscode.l10n.t('Epochs: as many as the budget allows'), key: 'epochs' }
      : {
          label: vscode.l10n.t('Epochs: {0}', o.epochs),
          key: 'epochs',
          description: o.timeBudget ? vscode.l10n.t('at most, within the budget') : undefined,
        },
    // Under auto, batch size and learning rate are chosen from the corpus unless the person sets them.
    {
      label: vscode.l10n.t('Batch size: {0}', auto && !o.batchSize ? vscode.l10n.t('auto') : o.batchSize),
      key: 'batchSize',
    },
    {
      label: vscode.l10n.t('Learning rate: {0}', auto && !o.learningRate ? vscode.l10n.t('auto') : o.learningRate),
      key: 'learningRate',
    },
    {
      label: vscode.l10n.t('Tokens: {0}', o.tokenizer),
      key: 'tokenizer',
      detail: vscode.l10n.t('char for short strings (dates, spelling), word or bpe for sentences'),
    },
  ];
  // Char tokenizers keep case, so the choice exists only for word and bpe.
  if (o.tokenizer !== 'char') {
    const state = o.lowercase ? vscode.l10n.t('on') : vscode.l10n.t('off');
    items.push({
      label: vscode.l10n.t('Lowercase: {0}', state),
      detail: vscode.l10n.t('fold case on both sides'),
      key: 'lowercase',
    });
  }
  return items;
}

/** Loops over a summary of the options until the person starts the training (or escapes). */
export async function chooseOptions(
  defaults: TrainDefaults,
  preset: TrainPresetName,
): Promise<Pick<TrainChoices, 'options' | 'data'> | undefined> {
  // The picks start at the preset's own options where it has them (the Transformer's learning rate),
  // since what they show is sent as chosen.
  const train = { ...defaults.train, ...presetOptions(preset).training };
  const { data } = defaults;
  const auto = preset === 'auto';
  // 0 stands for "auto" in batch size and learning rate until the person sets one.
  const o: Choices = {
    timeBudget: DEFAULT_BUDGET,
    epochs: train.epochs,
    batchSize: auto ? 0 : train.batchSize,
    learningRate: auto ? 0 : train.learningRate,
    tokenizer: data.sourceTokenizer,
    lowercase: data.lowercase,
  };
  let epochsSet = false;
  for (;;) {
    const picked: Item | undefined = await vscode.window.showQuickPick(optionItems(o, auto, epochsSet), {
      title: vscode.l10n.t('Train: options'),
    });
    if (!picked) return undefined;
    if (!picked.key) {
      return {
        options: chosenTrainOptions(o, epochsSet),
        data: {
          sourceTokenizer: o.tokenizer,
          targetTokenizer: o.tokenizer,
          lowercase: o.lowercase && o.tokenizer !== 'char',
        },
      };
    }
    if (picked.key === 'lowercase') o.lowercase = !o.lowercase;
    else if (picked.key === 'tokenizer') o.tokenizer = (await pickTokenizer()) ?? o.tokenizer;
    else if (picked.key === 'timeBudget') o.timeBudget = (await pickBudget(o.timeBudget)) ?? o.timeBudget;
    else {
      const value = await askNumber(
        picked.label,
        o[picked.key] || defaults.train[picked.key],
        picked.key !== 'learningRate',
      );
      if (value !== undefined) {
        o[picked.key] = value;
        epochsSet ||= picked.key === 'epochs';
      }
    }
  }
}

async function pickBudget(current: number): Promise<number | undefined> {
  const items = BUDGET_CHOICES.map((seconds) => ({
    label: budgetLabel(seconds),
    description: seconds === current ? vscode.l10n.t('current') : undefined,
    seconds,
  }));
  return (await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Time budget') }))?.seconds;
}

async function pickTokenizer(): Promise<TokenizerKind | undefined> {
  return (await vscode.window.showQuickPick([...TOKENIZER_KINDS], { title: vscode.l10n.t('Tokens') })) as
    TokenizerKind | undefined;
}

async function askNumber(title: string, value: number, integer: boolean): Promise<number | undefined> {
  const text = await vscode.window.showInputBox({
    title,
    value: String(value),
    validateInput: (v) =>
      Number(v) > 0 && (!integer || Number.isInteger(Number(v)))
        ? undefined
        : vscode.l10n.t('Enter a positive number.'),
  });
  return text === undefined ? undefined : Number(text);
}
