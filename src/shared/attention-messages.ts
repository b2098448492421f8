// The messages between the attention panel's webview (src/webview/attention) and the extension host.
// Both sides import these types; nothing here imports vscode or the DOM. The webview is a separate
// trust domain, so everything it sends goes through parseWebviewMessage before the host acts on it.
import type { TrainEvent } from '../core/train/events';
import type { TrainingHistory } from './training-history';
import type { TransformRecord } from './transform-record';

/** What the empty state's buttons may ask the host to run (mapped to command ids on the host side). */
export const PANEL_COMMANDS = ['train', 'load', 'translate'] as const;
export type PanelCommand = (typeof PANEL_COMMANDS)[number];

/** Which tokens of the shown alternative a hover points at. */
export interface Selection {
  item: number;
  alternative: number;
}

/** What a render shows: the exports use it (the shown item and alternative, the chosen alternatives). */
export interface RenderedState extends Selection {
  /** The host's data version this render shows; lets the host wait for a render of fresh data. */
  version: number;
  /** The chosen beam alternative of every item (the JSON and Pharaoh exports use them). */
  chosen: number[];
}

/**
 * Test hook: the webview's account of what it drew, read back from its DOM rather than taken from the
 * data it was given. Sent only when the extension runs in test mode.
 */
export interface DomReport {
  /** The picture drawn: heatmap cells or lines ('none' when there is no alignment to draw). */
  picture: 'heatmap' | 'lines' | 'none';
  rows: number;
  cols: number;
  /** The raw tokens, as stored on the label elements. */
  rowLabels: string[];
  colLabels: string[];
  /** The labels' visible text (whitespace markers included). */
  rowTexts: string[];
  colTexts: string[];
  /**
   * The weight of every (output, source) pair as drawn, row by row: the heatmap's data-weight, or the
   * opacity level of the line between the two tokens in the lines picture (1/64 steps, 0 when none).
   */
  cellWeights: number[][];
  /** Elements a token could have injected if it were inserted as HTML. */
  injected: { img: number; script: number };
  /** The content of the Content-Security-Policy meta tag, '' when missing. */
  csp: string;
}

/** What the test hooks return: a render and its DOM read-back. */
export type RenderedReport = RenderedState & DomReport;

/**
 * Where the source of the shown item is: highlighted in a visible editor, or why it cannot be:
 * its text was replaced by the output (or edited since), its document is closed or not visible.
 */
export type SourceStatus = 'shown' | 'replaced' | 'closed' | 'hidden';

/**
 * Test hooks: drive the webview through the same handlers a person's pointer or keyboard uses. The host
 * sends them, and the webview obeys them, only when the extension runs in test mode.
 */
export type DriveAction =
  | { kind: 'hoverRow'; row: number }
  | { kind: 'hoverCol'; col: number }
  | { kind: 'selectItem'; index: number }
  | { kind: 'selectAlternative'; index: number }
  | { kind: 'setPicture'; picture: 'heatmap' | 'lines' };

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
  /** `dom` only in test mode. */
  | { type: 'rendered'; state: RenderedState; dom?: DomReport }
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
/** Unlike Array.every, looks at the holes of a sparse array too (structured clone keeps them). */
function isArrayOf<T>(v: unknown, is: (x: unknown) => x is T): v is T[] {
  if (!Array.isArray(v)) return false;
  for (let i = 0; i < v.length; i++) if (!is(v[i])) return false;
  return true;
}
const isString = (v: unknown): v is string => typeof v === 'string';
const isNumber = (v: unknown): v is number => typeof v === 'number';
const isStringArray = (v: unknown): v is string[] => isArrayOf(v, isString);
const isNumberArray = (v: unknown): v is number[] => isArrayOf(v, isNumber);
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isOneOf = <T extends string>(values: readonly T[], v: unknown): v is T => values.includes(v as T);

/** Copies of the parts the host reads, so nothing else the webview put in a message gets through. */
function selection(v: unknown): Selection | undefined {
  return isRecord(v) && isIndex(v.item) && isIndex(v.alternative)
    ? { item: v.item, alternative: v.alternative }
    : undefined;
}

function renderedState(v: unknown): RenderedState | undefined {
  const shown = selection(v);
  if (!shown || !isRecord(v) || !isIndex(v.version) || !isArrayOf(v.chosen, isIndex)) return undefined;
  return { ...shown, version: v.version, chosen: [...v.chosen] };
}

function domReport(v: unknown): DomReport | undefined {
  if (!isRecord(v) || !isIndex(v.rows) || !isIndex(v.cols) || !isString(v.csp)) return undefined;
  if (!isOneOf(['heatmap', 'lines', 'none'] as const, v.picture)) return undefined;
  const { rowLabels, colLabels, rowTexts, colTexts, cellWeights, injected } = v;
  if (!isStringArray(rowLabels) || !isStringArray(colLabels) || !isStringArray(rowTexts) || !isStringArray(colTexts))
    return undefined;
  if (
    !isArrayOf(cellWeights, isNumberArray) ||
    !isRecord(injected) ||
    !isIndex(injected.img) ||
    !isIndex(injected.script)
  ) {
    return undefined;
  }
  return {
    picture: v.picture,
    rows: v.rows,
    cols: v.cols,
    csp: v.csp,
    cellWeights: cellWeights.map((r) => [...r]),
    rowLabels: [...rowLabels],
    colLabels: [...colLabels],
    rowTexts: [...rowTexts],
    colTexts: [...colTexts],
    injected: { img: injected.img, script: injected.script },
  };
}

function rendered(m: Record<string, unknown>, testHooks: boolean): WebviewMessage | undefined {
  const state = renderedState(m.state);
  if (!state) return undefined;
  // Outside test mode the DOM read-back is not looked at; in test mode a malformed one rejects the message.
  if (!testHooks || m.dom === undefined) return { type: 'rendered', state };
  const dom = domReport(m.dom);
  return dom && { type: 'rendered', state, dom };
}

function rasterized(m: Record<string, unknown>): WebviewMessage | undefined {
  const base64 = m.base64;
  if (!isIndex(m.id) || !(base64 === null || (typeof base64 === 'string' && /^[A-Za-z0-9+/=]*$/.test(base64))))
    return undefined;
  return { type: 'rasterized', id: m.id, base64, ...(typeof m.error === 'string' ? { error: m.error } : {}) };
}

/**
 * The message if it is well formed, else undefined (the host ignores it). Never throws, whatever the
 * webview sends; what it returns is a fresh object holding only the fields the message type has.
 * `testHooks`: the extension runs in test mode, so a render's DOM read-back is accepted.
 */
export function parseWebviewMessage(m: unknown, { testHooks = false } = {}): WebviewMessage | undefined {
  if (!isRecord(m)) return undefined;
  switch (m.type) {
    case 'ready':
      return { type: 'ready' };
    case 'rendered':
      return rendered(m, testHooks);
    case 'hover': {
      const shown = selection(m.selection);
      return shown && isIndexOrNull(m.row) && isIndexOrNull(m.col)
        ? { type: 'hover', selection: shown, row: m.row, col: m.col }
        : undefined;
    }
    case 'reveal': {
      const shown = selection(m.selection);
      return shown && { type: 'reveal', selection: shown };
    }
    case 'command':
      return isOneOf(PANEL_COMMANDS, m.command) ? { type: 'command', command: m.command } : undefined;
    case 'export':
      return isOneOf(EXPORT_FORMATS, m.format) ? { type: 'export', format: m.format } : undefined;
    case 'rasterized':
      return rasterized(m);
    default:
      return undefined;
  }
}
