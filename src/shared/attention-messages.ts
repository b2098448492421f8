// The messages between the attention panel's webview (src/webview/attention) and the extension host.
// Both sides import these types; nothing here imports vscode or the DOM. The webview is a separate
// trust domain, so everything it sends goes through parseWebviewMessage before the host acts on it.
import type { TransformRecord } from './transform-record';
import type { TrainingHistory } from './training-history';
import type { TrainEvent } from '../core/train/events';

/** What the empty state's buttons may ask the host to run (mapped to command ids on the host side). */
export const PANEL_COMMANDS = ['train', 'load', 'translate'] as const;
export type PanelCommand = (typeof PANEL_COMMANDS)[number];

/** Which tokens of the shown alternative a hover points at. */
export interface Selection { item: number; alternative: number }

/** The webview's account of what it drew, read back from its DOM (for tests and exports). */
export interface RenderedReport extends Selection {
  /** The host's data version this render shows; lets the host wait for a render of fresh data. */
  version: number;
  rows: number;
  cols: number;
  /** The raw tokens, as stored on the label elements. */
  rowLabels: string[];
  colLabels: string[];
  /** The labels' visible text (whitespace markers included). */
  rowTexts: string[];
  colTexts: string[];
  /** data-weight of every cell, row by row. */
  cellWeights: number[][];
  /** Elements a token could have injected if it were inserted as HTML. */
  injected: { img: number; script: number };
  /** The content of the Content-Security-Policy meta tag, '' when missing. */
  csp: string;
  /** The chosen beam alternative of every item (the JSON and Pharaoh exports use them). */
  chosen: number[];
}

/**
 * Where the source of the shown item is: highlighted in a visible editor, or why it cannot be:
 * its text was replaced by the output (or edited since), its document is closed or not visible.
 */
export type SourceStatus = 'shown' | 'replaced' | 'closed' | 'hidden';

/** Test hooks: drive the webview through the same handlers a person's pointer or keyboard uses. */
export type DriveAction =
  | { kind: 'hoverRow'; row: number }
  | { kind: 'hoverCol'; col: number }
  | { kind: 'selectItem'; index: number }
  | { kind: 'selectAlternative'; index: number };

export type HostMessage =
  | { type: 'init'; version: number; record: TransformRecord | null; training: TrainingHistory | null }
  | { type: 'transform'; version: number; record: TransformRecord }
  | { type: 'training'; event: TrainEvent & { run: string } }
  | { type: 'drive'; action: DriveAction }
  /** Whether the hovered tokens could be shown in the editor (see SourceStatus). */
  | { type: 'sourceStatus'; status: SourceStatus }
  | { type: 'rasterize'; id: number; svg: string; scale: number };

export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'rendered'; report: RenderedReport }
  /** Hover or focus on an output token (row) or source token (col); null clears the highlight. */
  | { type: 'hover'; selection: Selection; row: number | null; col: number | null }
  | { type: 'reveal'; selection: Selection }
  | { type: 'command'; command: PanelCommand }
  | { type: 'export'; format: ExportFormat }
  | { type: 'rasterized'; id: number; base64: string | null; error?: string };

export const EXPORT_FORMATS = ['svg', 'png', 'json', 'pharaoh'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const isIndex = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0 && (v as number) < 1e7;
const isIndexOrNull = (v: unknown): v is number | null => v === null || isIndex(v);
const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isSelection = (v: unknown): v is Selection => isRecord(v) && isIndex(v.item) && isIndex(v.alternative);
const isOneOf = <T extends string>(values: readonly T[], v: unknown): v is T => values.includes(v as T);

function isReport(v: unknown): v is RenderedReport {
  return isSelection(v) && isRecord(v) && isIndex(v.version) && isIndex(v.rows) && isIndex(v.cols)
    && isStringArray(v.rowLabels) && isStringArray(v.colLabels) && isStringArray(v.rowTexts) && isStringArray(v.colTexts)
    && Array.isArray(v.cellWeights) && v.cellWeights.every((r) => Array.isArray(r) && r.every((w) => typeof w === 'number'))
    && isRecord(v.injected) && isIndex(v.injected.img) && isIndex(v.injected.script) && typeof v.csp === 'string'
    && Array.isArray(v.chosen) && v.chosen.every(isIndex);
}

/** The message if it is well formed, else undefined (the host ignores it). */
export function parseWebviewMessage(m: unknown): WebviewMessage | undefined {
  if (!isRecord(m)) return undefined;
  switch (m.type) {
    case 'ready':
      return { type: 'ready' };
    case 'rendered':
      return isReport(m.report) ? { type: 'rendered', report: m.report } : undefined;
    case 'hover':
      return isSelection(m.selection) && isIndexOrNull(m.row) && isIndexOrNull(m.col)
        ? { type: 'hover', selection: { item: m.selection.item, alternative: m.selection.alternative }, row: m.row, col: m.col } : undefined;
    case 'reveal':
      return isSelection(m.selection) ? { type: 'reveal', selection: { item: m.selection.item, alternative: m.selection.alternative } } : undefined;
    case 'command':
      return isOneOf(PANEL_COMMANDS, m.command) ? { type: 'command', command: m.command } : undefined;
    case 'export':
      return isOneOf(EXPORT_FORMATS, m.format) ? { type: 'export', format: m.format } : undefined;
    case 'rasterized':
      if (!isIndex(m.id) || !(m.base64 === null || (typeof m.base64 === 'string' && /^[A-Za-z0-9+/=]*$/.test(m.base64)))) return undefined;
      return { type: 'rasterized', id: m.id, base64: m.base64, ...(typeof m.error === 'string' ? { error: m.error } : {}) };
    default:
      return undefined;
  }
}
