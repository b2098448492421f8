// The messages between the error-analysis page (src/webview/evaluation) and the extension host. What the
// page sends goes through parseEvaluationMessage before the host acts on it (the page is another trust
// domain), as with the attention page's messages.
import type { PairFilter } from './evaluation/analysis';
import type { EvaluationReport } from '../core/evaluation-report';

export const TABLE_EXPORTS = ['csv', 'jsonl'] as const;
export type TableExport = (typeof TABLE_EXPORTS)[number];

/** Test hooks: act through the page's own handlers. Obeyed only when the extension runs in test mode. */
export type EvaluationDrive = { kind: 'clickRow'; rank: number } | { kind: 'filter'; filter: PairFilter };

export type EvaluationHostMessage =
  { type: 'report'; report: EvaluationReport } | { type: 'drive'; action: EvaluationDrive };

/** What a render shows: the filtered count and the pair indices of the rows in view, in order. */
export interface EvaluationRendered {
  matching: number;
  total: number;
  indices: number[];
}

export type EvaluationPageMessage =
  | { type: 'ready' }
  | { type: 'rendered'; shown: EvaluationRendered }
  /** A row was clicked (or Enter pressed on it): show its alignment in the attention view. */
  | { type: 'showPair'; index: number }
  /** Save the pairs that match `filter`, worst first. */
  | { type: 'export'; format: TableExport; filter: PairFilter };

const isCount = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0 && (v as number) < 1e8;
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function filter(v: unknown): PairFilter | undefined {
  if (!isRecord(v)) return undefined;
  const { text, minLength, maxLength, errorsOnly } = v;
  if (text !== undefined && (typeof text !== 'string' || text.length > 1000)) return undefined;
  if ((minLength !== undefined && !isCount(minLength)) || (maxLength !== undefined && !isCount(maxLength)))
    return undefined;
  if (errorsOnly !== undefined && typeof errorsOnly !== 'boolean') return undefined;
  return { text, minLength, maxLength, errorsOnly };
}

/** A fresh, well-formed message, or undefined; never throws. */
export function parseEvaluationMessage(m: unknown): EvaluationPageMessage | undefined {
  if (!isRecord(m)) return undefined;
  switch (m.type) {
    case 'ready':
      return { type: 'ready' };
    case 'rendered': {
      const s = m.shown;
      if (!isRecord(s) || !isCount(s.matching) || !isCount(s.total)) return undefined;
      if (!Array.isArray(s.indices) || !s.indices.every(isCount)) return undefined;
      return { type: 'rendered', shown: { matching: s.matching, total: s.total, indices: [...s.indices] } };
    }
    case 'showPair':
      return isCount(m.index) ? { type: 'showPair', index: m.index } : undefined;
    case 'export': {
      const f = filter(m.filter);
      return f && TABLE_EXPORTS.includes(m.format as TableExport)
        ? { type: 'export', format: m.format as TableExport, filter: f }
        : undefined;
    }
    default:
      return undefined;
  }
}
