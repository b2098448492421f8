// The error analysis's exports: CSV (RFC 4180: every field quoted, quotes doubled, CRLF rows) for
// spreadsheets, JSONL for scripts. Both list the pairs in the order given, with the same columns.
import { errorRate } from './analysis';
import type { EvaluatedPair } from '../../core/evaluation-report';

const COLUMNS = ['index', 'source', 'reference', 'output', 'exact', 'distance', 'errorRate', 'sourceTokens'] as const;

function row(p: EvaluatedPair): Record<(typeof COLUMNS)[number], string | number | boolean> {
  return { ...p, exact: p.distance === 0, errorRate: Number(errorRate(p).toFixed(4)) };
}

const csvField = (v: string | number | boolean) => `"${String(v).replace(/"/g, '""')}"`;

export function pairsCsv(pairs: readonly EvaluatedPair[]): string {
  const lines = [COLUMNS.join(','), ...pairs.map((p) => COLUMNS.map((c) => csvField(row(p)[c])).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}

export function pairsJsonl(pairs: readonly EvaluatedPair[]): string {
  return pairs.map((p) => `${JSON.stringify(Object.fromEntries(COLUMNS.map((c) => [c, row(p)[c]])))}\n`).join('');
}
