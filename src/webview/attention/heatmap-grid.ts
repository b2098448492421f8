// The heatmap as an ARIA grid: a table whose first row holds the source tokens and whose first column
// holds the output tokens. Pointer hover and keyboard focus share one path (highlight), which also
// tells the host what to decorate in the editor.
import { h } from '../dom';
import { moveInGrid, type GridPos } from './grid-keys';
import { tokenLabel } from './token-label';
import { tokenDescription, tokenText } from '../../shared/tokens';
import { describeHighlight, weightAt, type AlignmentData } from './picture/describe';
import type { Picture, PictureEvents } from './picture/picture';
import type { Tooltip } from './tooltip';

export interface GridData extends AlignmentData {
  showValues: boolean;
  /** Column labels lie horizontal (they fit in a cell); vertical otherwise. */
  horizontalLabels: boolean;
}

export function renderGrid(d: GridData, tooltip: Tooltip, events: PictureEvents): Picture {
  const parts = buildTable(d);
  const highlight = highlighter(d, parts, tooltip, events.onHighlight);
  listen(d, parts, highlight, events);
  return { element: parts.table, highlight };
}

interface Parts {
  table: HTMLTableElement;
  /** The header row: a corner cell, then one label per source token. */
  head: HTMLTableRowElement;
  /** One row per output token: its label, then one cell per source token. */
  body: HTMLTableSectionElement;
}

function buildTable(d: GridData): Parts {
  const rows = d.rowTokens.length;
  const cols = d.colTokens.length;
  const table = h('table', {
    id: 'heatmap',
    class: d.horizontalLabels ? 'horizontal-labels' : 'vertical-labels',
    role: 'grid',
    'aria-rowcount': rows + 1,
    'aria-colcount': cols + 1,
    'aria-label':
      `Attention: ${rows} output tokens (rows) over ${cols} source tokens (columns). ` +
      'Arrow keys move, Enter shows the source in the editor.',
  });
  const corner = h('td', { class: 'corner', role: 'presentation' });
  const head = h('tr', { role: 'row' }, corner, ...d.colTokens.map((t, j) => tokenHeader('col', t, j)));
  const body = h(
    'tbody',
    {},
    ...d.rowTokens.map((t, i) =>
      h(
        'tr',
        { role: 'row', 'data-row': i },
        tokenHeader('row', t, i),
        ...d.colTokens.map((_, j) => weightCell(d, i, j)),
      ),
    ),
  );
  table.append(h('thead', {}, head), body);
  return { table, head, body };
}

function tokenHeader(axis: 'row' | 'col', token: string, index: number): HTMLElement {
  const th = h(
    'th',
    {
      class: `${axis}-label`,
      role: axis === 'row' ? 'rowheader' : 'columnheader',
      scope: axis,
      tabindex: -1,
      ...(axis === 'col' ? { 'data-col': index } : {}),
      'aria-label': `${axis === 'row' ? 'output' : 'source'} ${index + 1}: ${tokenDescription(token)}`,
    },
    tokenLabel(token),
  );
  th.dataset.token = token;
  return th;
}

function weightCell(d: GridData, i: number, j: number): HTMLElement {
  const w = weightAt(d, i, j);
  const td = h(
    'td',
    {
      class: w > 0.5 ? 'cell hot' : 'cell',
      role: 'gridcell',
      tabindex: -1,
      'data-col': j,
      'data-weight': w,
      'aria-label': `${tokenText(d.rowTokens[i])} ← ${tokenText(d.colTokens[j])}: ${w.toFixed(2)}`,
    },
    d.showValues ? String(Math.round(w * 100)) : '',
  );
  // CSSOM, not a style attribute: the CSP blocks inline styles but not script-set properties.
  td.style.setProperty('--w', w.toFixed(4));
  return td;
}

/** The element at a grid position; row -1 is the source tokens' header row, col -1 the output tokens' labels. */
function elementAt({ head, body }: Parts, p: GridPos): HTMLElement | undefined {
  const row = p.row < 0 ? head : body.children[p.row];
  return row?.children[p.col + 1] as HTMLElement | undefined;
}

function positionOf({ table }: Parts, e: Element): GridPos | undefined {
  const cell = e.closest<HTMLElement>('td.cell, th.row-label, th.col-label');
  if (!cell || !table.contains(cell)) return undefined;
  const row = cell.closest('tr')?.dataset.row;
  return {
    row: row === undefined ? -1 : Number(row),
    col: cell.classList.contains('row-label') ? -1 : Number(cell.dataset.col),
  };
}

/** Marks what a highlight points at, shades the labels by their attention, and tells the host. */
function highlighter(
  d: GridData,
  parts: Parts,
  tooltip: Tooltip,
  onHighlight: PictureEvents['onHighlight'],
): Picture['highlight'] {
  let lit: HTMLElement[] = [];
  const light = (e: HTMLElement | undefined, cls = 'lit') => {
    if (!e) return;
    e.classList.add(cls);
    lit.push(e);
  };
  const shade = (labels: (HTMLElement | undefined)[], weight: (k: number) => number) =>
    labels.forEach((label, k) => {
      label?.style.setProperty('--a', weight(k).toFixed(4));
      light(label, 'attends');
    });
  return (row, col) => {
    for (const e of lit) e.classList.remove('lit', 'attends');
    lit = [];
    if (row !== null) light(elementAt(parts, { row, col: -1 }));
    if (col !== null) light(elementAt(parts, { row: -1, col }));
    if (row !== null && col !== null) light(elementAt(parts, { row, col }));
    // A source token alone: which output tokens attended to it, and how much; an output token alone: the reverse.
    if (row === null && col !== null)
      shade(
        d.rowTokens.map((_, i) => elementAt(parts, { row: i, col: -1 })),
        (i) => weightAt(d, i, col),
      );
    if (row !== null && col === null)
      shade(
        d.colTokens.map((_, j) => elementAt(parts, { row: -1, col: j })),
        (j) => weightAt(d, row, j),
      );
    const target = row === null && col === null ? undefined : elementAt(parts, { row: row ?? -1, col: col ?? -1 });
    if (target) tooltip.show(target, describeHighlight(d, row, col));
    else tooltip.hide();
    onHighlight(row, col);
  };
}

/** Pointer and keyboard: hover and focus highlight, arrows move a roving tab stop, Enter reveals. */
function listen(d: GridData, parts: Parts, highlight: Picture['highlight'], events: PictureEvents): void {
  const { table } = parts;
  const highlightAt = (p: GridPos) => highlight(p.row < 0 ? null : p.row, p.col < 0 ? null : p.col);
  let tabStop: GridPos = { row: 0, col: -1 };
  const setTabStop = (p: GridPos) => {
    elementAt(parts, tabStop)?.setAttribute('tabindex', '-1');
    tabStop = p;
    elementAt(parts, p)?.setAttribute('tabindex', '0');
  };
  setTabStop(d.rowTokens.length ? { row: 0, col: -1 } : { row: -1, col: 0 });

  let hovered = '';
  table.addEventListener('pointerover', (e) => {
    const p = positionOf(parts, e.target as Element);
    if (!p || `${p.row},${p.col}` === hovered) return;
    hovered = `${p.row},${p.col}`;
    highlightAt(p);
  });
  table.addEventListener('pointerleave', () => {
    hovered = '';
    highlight(null, null);
  });
  table.addEventListener('focusin', (e) => {
    const p = positionOf(parts, e.target as Element);
    if (!p) return;
    setTabStop(p);
    highlightAt(p);
  });
  table.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      events.onReveal();
    } else if (e.key === 'Escape') {
      highlight(null, null);
    } else {
      const next = moveInGrid(e.key, tabStop, d.rowTokens.length, d.colTokens.length, e.ctrlKey || e.metaKey);
      if (!next) return;
      e.preventDefault();
      elementAt(parts, next)?.focus();
    }
  });
  table.addEventListener('dblclick', () => events.onReveal());
}
