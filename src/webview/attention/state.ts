// What the panel remembers across hide/show (webview getState/setState): the data, so it draws at once,
// and the person's choices, which survive the host's re-post of the same data.
import type { TransformRecord } from '../../shared/transform-record';
import type { TrainingHistory } from '../../shared/training-history';
import type { PictureChoice } from './picture/layout';

export type Tab = 'alignment' | 'training';

export interface PanelState {
  version: number;
  record: TransformRecord | null;
  training: TrainingHistory | null;
  tab: Tab;
  item: number;
  /** The chosen beam alternative of each item. */
  alternatives: number[];
  /** Cell size multiplier. */
  zoom: number;
  showValues: boolean;
  /** Lines or heatmap; 'auto' chooses by the width of the view. */
  picture: PictureChoice;
  /** A Transformer's layer and head shown (head-choice.ts); null for the default alignment. */
  head: string | null;
}

export const INITIAL_STATE: PanelState = {
  version: 0,
  record: null,
  training: null,
  tab: 'alignment',
  item: 0,
  alternatives: [],
  zoom: 1,
  showValues: false,
  picture: 'auto',
  head: null,
};

export const ZOOM_STEPS = [0.5, 0.75, 1, 1.25, 1.5, 2] as const;

/** The state after new transform data: same record (createdAt) keeps the choices, another resets them. */
export function withRecord(state: PanelState, version: number, record: TransformRecord | null): PanelState {
  const same =
    !!record &&
    !!state.record &&
    state.record.createdAt === record.createdAt &&
    state.record.items.length === record.items.length;
  return same
    ? { ...state, version, record }
    : { ...state, version, record, item: 0, alternatives: record ? record.items.map(() => 0) : [], head: null };
}

/** Indices clamped to the record, so a stale state never points past the data. */
export function currentSelection(state: PanelState): { item: number; alternative: number } {
  const items = state.record?.items ?? [];
  const item = Math.min(Math.max(0, state.item), Math.max(0, items.length - 1));
  const count = items[item]?.translations.length ?? 0;
  const alternative = Math.min(Math.max(0, state.alternatives[item] ?? 0), Math.max(0, count - 1));
  return { item, alternative };
}

/** The chosen alternative of every item, clamped like currentSelection. */
export function chosenAlternatives(state: PanelState): number[] {
  return state.record?.items.map((_, item) => currentSelection({ ...state, item }).alternative) ?? [];
}
