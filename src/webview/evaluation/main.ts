// The error-analysis page. Inside VS Code it gets its report from the host and asks it to show a pair's
// alignment and to save exports; as the CLI's self-contained HTML report it reads the report embedded in
// the page (#report-data) and saves exports as downloads.
import type { EvaluationReport } from '../../core/evaluation-report';
import { filterPairs, worstFirst, type PairFilter } from '../../shared/evaluation/analysis';
import { pairsCsv, pairsJsonl } from '../../shared/evaluation/export';
import type { EvaluationHostMessage, EvaluationPageMessage, TableExport } from '../../shared/evaluation-messages';
import { renderEvaluation, type EvaluationView } from './view';
import { vscodeApi } from '../vscode-api';

const api = vscodeApi<EvaluationReport, EvaluationPageMessage>();
const testHooks = document.body.dataset.testHooks === 'true';
const root = document.body.appendChild(document.createElement('main'));
let view: EvaluationView | undefined;

function show(report: EvaluationReport): void {
  api?.setState(report);
  view = renderEvaluation(root, report, {
    onShowPair: api && ((index) => api.postMessage({ type: 'showPair', index })),
    onExport: (format, filter) =>
      api ? api.postMessage({ type: 'export', format, filter }) : download(report, format, filter),
    onRendered: (shown) => api?.postMessage({ type: 'rendered', shown }),
  });
}

/** The HTML report's exports: the matching pairs, worst first, as a file the browser saves. */
function download(report: EvaluationReport, format: TableExport, filter: PairFilter): void {
  const pairs = worstFirst(filterPairs(report.pairs, filter));
  const text = format === 'csv' ? pairsCsv(pairs) : pairsJsonl(pairs);
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([text], { type: format === 'csv' ? 'text/csv' : 'application/jsonl' }));
  a.download = `evaluation-${report.model}.${format}`;
  a.click();
  URL.revokeObjectURL(a.href);
}

const embedded = document.getElementById('report-data')?.textContent;
const kept = embedded ? (JSON.parse(embedded) as EvaluationReport) : api?.getState();
if (kept) show(kept);

window.addEventListener('message', (event: MessageEvent<EvaluationHostMessage>) => {
  const m = event.data;
  if (m?.type === 'report') show(m.report);
  else if (m?.type === 'drive' && testHooks && view) {
    if (m.action.kind === 'clickRow') view.clickRow(m.action.rank);
    else view.setFilter(m.action.filter);
  }
});
api?.postMessage({ type: 'ready' });
