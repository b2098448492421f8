// The error-analysis page: the metrics, accuracy by source length, filters, exports, and every evaluated
// pair worst first with its output diffed against the reference. The static parts are drawn once per
// report; a filter change redraws the table only (so the text box keeps its focus).
import { h } from '../dom';
import {
  diffSegments,
  errorRate,
  filterPairs,
  lengthBuckets,
  worstFirst,
  type PairFilter,
} from '../../shared/evaluation/analysis';
import type { EvaluatedPair, EvaluationReport } from '../../core/evaluation-report';
import type { EvaluationRendered, TableExport } from '../../shared/evaluation-messages';
import { lengthChart } from './chart';

/** Rows drawn at once; "Show more" adds as many again (a 20,000-pair corpus stays responsive). */
export const PAGE_ROWS = 300;

export interface EvaluationEvents {
  /** Undefined outside VS Code (the HTML report): rows are then not clickable. */
  onShowPair?(index: number): void;
  onExport(format: TableExport, filter: PairFilter): void;
  onRendered(shown: EvaluationRendered): void;
}

export interface EvaluationView {
  setFilter(filter: PairFilter): void;
  clickRow(rank: number): void;
}

export function renderEvaluation(
  root: HTMLElement,
  report: EvaluationReport,
  events: EvaluationEvents,
): EvaluationView {
  const sorted = worstFirst(report.pairs);
  let filter: PairFilter = {};
  let limit = PAGE_ROWS;
  const count = h('p', { class: 'count', role: 'status' });
  const body = h('tbody', {});
  const more = h('button', { class: 'secondary', id: 'show-more' }, 'Show more');
  const controls = filterControls((f) => {
    filter = { ...filter, ...f };
    limit = PAGE_ROWS;
    drawTable();
  });
  const drawTable = () => {
    const matching = filterPairs(sorted, filter);
    const shown = matching.slice(0, limit);
    body.replaceChildren(...shown.map((p, rank) => pairRow(p, rank, report, events.onShowPair)));
    count.textContent = `${matching.length} of ${sorted.length} pairs, worst first${
      shown.length < matching.length ? ` (the first ${shown.length} shown)` : ''
    }`;
    more.hidden = shown.length >= matching.length;
    events.onRendered({ matching: matching.length, total: sorted.length, indices: shown.map((p) => p.index) });
  };
  more.addEventListener('click', () => {
    limit += PAGE_ROWS;
    drawTable();
  });
  root.replaceChildren(
    header(report),
    h(
      'figure',
      { class: 'chart-figure' },
      h('figcaption', {}, 'Exact match by source length'),
      lengthChart(lengthBuckets(report.pairs), (b) => controls.set({ minLength: b.from, maxLength: b.to })),
    ),
    h(
      'div',
      { class: 'toolbar', role: 'toolbar', 'aria-label': 'Filter and export' },
      controls.element,
      exportButtons((format) => events.onExport(format, filter)),
    ),
    count,
    h(
      'table',
      { id: 'pairs', 'aria-label': 'Evaluated pairs, worst first' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ...['#', 'error', 'length', 'source', 'reference', 'output (diff)'].map((t) => h('th', { scope: 'col' }, t)),
        ),
      ),
      body,
    ),
    more,
  );
  drawTable();
  return {
    setFilter: (f) => controls.set(f),
    clickRow: (rank) => body.querySelectorAll<HTMLElement>('tr')[rank]?.click(),
  };
}

function header(r: EvaluationReport): HTMLElement {
  const notes = [
    r.tooLong ? `${r.tooLong} pairs longer than the model's maximum length were not evaluated.` : '',
    r.problems ? `${r.problems} corpus lines were skipped as malformed.` : '',
  ].filter(Boolean);
  return h(
    'header',
    {},
    h('h1', {}, `Evaluation of ${r.model}`),
    h('p', { class: 'summary' }, `on ${r.corpus}: ${r.pairs.length} pairs`),
    h('dl', { class: 'metrics' }, ...r.metrics.flatMap((m) => [h('dt', {}, m.name), h('dd', {}, m.value)])),
    ...notes.map((n) => h('p', { class: 'note' }, n)),
  );
}

function pairRow(
  p: EvaluatedPair,
  rank: number,
  r: EvaluationReport,
  onShowPair: ((index: number) => void) | undefined,
): HTMLElement {
  const diff = h(
    'td',
    { class: 'diff' },
    ...diffSegments(p.reference, p.output, r.diffUnit).map((seg) =>
      seg.kind === 'same'
        ? seg.text
        : h(
            seg.kind === 'extra' ? 'ins' : 'del',
            { title: seg.kind === 'extra' ? 'not in the reference' : 'missing' },
            seg.text,
          ),
    ),
  );
  const tr = h(
    'tr',
    {
      class: p.distance ? 'wrong' : 'right',
      'data-index': p.index,
      ...(onShowPair ? { tabindex: 0, title: 'Show the alignment of this pair in the attention view' } : {}),
    },
    h('td', { class: 'num' }, String(rank + 1)),
    h('td', { class: 'num' }, p.distance ? `${Math.round(100 * errorRate(p))}%` : '✓'),
    h('td', { class: 'num' }, String(p.sourceTokens)),
    h('td', { class: 'text' }, p.source),
    h('td', { class: 'text' }, p.reference),
    diff,
  );
  if (onShowPair) {
    tr.addEventListener('click', () => onShowPair(p.index));
    tr.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') onShowPair(p.index);
    });
  }
  return tr;
}

/** Text and length filters plus "errors only"; `set` changes them as a person would (and redraws). */
function filterControls(onChange: (f: PairFilter) => void) {
  const text = h('input', {
    type: 'search',
    id: 'filter-text',
    placeholder: 'Filter by text',
    'aria-label': 'Filter by text',
  });
  const num = (id: string, label: string) =>
    h('input', {
      type: 'number',
      id,
      min: 0,
      class: 'length',
      placeholder: label,
      'aria-label': `${label} source length`,
    });
  const min = num('filter-min', 'min');
  const max = num('filter-max', 'max');
  const errors = h('input', { type: 'checkbox', id: 'filter-errors' });
  const read = (): PairFilter => ({
    text: text.value,
    minLength: min.value === '' ? undefined : Math.max(0, Math.floor(Number(min.value))),
    maxLength: max.value === '' ? undefined : Math.max(0, Math.floor(Number(max.value))),
    errorsOnly: errors.checked,
  });
  for (const input of [text, min, max, errors]) input.addEventListener('input', () => onChange(read()));
  return {
    element: h(
      'span',
      { class: 'filters' },
      text,
      h('label', { class: 'field' }, 'length', min, '–', max),
      h('label', { class: 'field' }, errors, 'errors only'),
    ),
    set(f: PairFilter) {
      if (f.text !== undefined) text.value = f.text;
      if ('minLength' in f) min.value = f.minLength === undefined ? '' : String(f.minLength);
      if ('maxLength' in f) max.value = f.maxLength === undefined ? '' : String(f.maxLength);
      if (f.errorsOnly !== undefined) errors.checked = f.errorsOnly;
      onChange(read());
    },
  };
}

function exportButtons(onExport: (f: TableExport) => void): HTMLElement {
  const button = (format: TableExport, label: string) => {
    const b = h(
      'button',
      { class: 'secondary', 'data-export': format, title: `Save the matching pairs as ${label}` },
      label,
    );
    b.addEventListener('click', () => onExport(format));
    return b;
  };
  return h(
    'span',
    { class: 'group', role: 'group', 'aria-label': 'Export' },
    'Export:',
    button('csv', 'CSV'),
    button('jsonl', 'JSONL'),
  );
}
