// The heatmap as an ARIA grid: a table whose first row holds the source tokens and whose first column
// holds the output tokens (sticky, so they stay in view when it scrolls); the cells are one canvas
// spanning the body (picture/heat-canvas.ts). Pointer hover and keyboard focus share one path
// (highlight), which also tells the host what to decorate in the editor.
import { h } from '../dom';
import { moveInGrid, type GridPos } from './grid-keys';
import { tokenLabel } from './token-label';
import { tokenDescription, tokenText } from '../../shared/tokens';
import { describeHighlight, weightAt, type AlignmentData } from './picture/describe';
import { heatCanvas, type HeatCanvas } from './picture/heat-canvas';
import { pictureKeydown, type Picture, type PictureEvents } from './picture/picture';
import type { Tooltip } from './tooltip';

export interface GridData extends AlignmentData {
  showValues: boolean;
  /** Column labels lie horizontal (they fit in a cell); vertical otherwise. */
  horizontalLabels: boolean;
  /** Cell edge in CSS pixels (zoom included). */
  cellPx: number;
}

export function renderGrid(d: GridData, tooltip: Tooltip, events: PictureEvents): Picture {
  const parts = buildTable(d);
  const highlight = highlighter(d, parts, tooltip, events.onHighlight);
  listen(d, parts, highlight, events);
  return { element: parts.table, highlight, paint: parts.cells.paint };
}

interface Parts {
  table: HTMLTableElement;
  /** The header row: a corner cell, then one label per source token. */
  head: HTMLTableRowElement;
  /** One row per output token: its label (the first row also holds the cells). */
  body: HTMLTableSectionElement;
  /** The cell that spans the body and holds the canvas; it takes the focus for every cell. */
  area: HTMLTableCellElement;
  cells: HeatCanvas;
  /** The outline of the cell pointed at. */
  cursor: HTMLElement;
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
  table.style.setProperty('--cell', `${d.cellPx}px`);
  const cells = heatCanvas(d, d.cellPx, d.showValues);
  const cursor = h('div', { class: 'cursor', hidden: true });
  const area = h(
    'td',
    {
      // Grid lines between cells of 10 px and more (a CSS background over the canvas).
      class: d.cellPx >= 10 ? 'cells gridded' : 'cells',
      role: 'gridcell',
      tabindex: -1,
      rowspan: Math.max(1, rows),
      colspan: Math.max(1, cols),
    },
    cells.canvas,
    cursor,
  );
  const corner = h('td', { class: 'corner', role: 'presentation' });
  const head = h('tr', { role: 'row' }, corner, ...d.colTokens.map((t, j) => tokenHeader('col', t, j)));
  const body = h(
    'tbody',
    {},
    ...d.rowTokens.map((t, i) => h('tr', { role: 'row', 'data-row': i }, tokenHeader('row', t, i), i ? null : area)),
  );
  table.append(h('thead', {}, head), body);
  return { table, head, body, area, cells, cursor };
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

/** The element at a grid position: a label, or the cells' area (which stands for every cell). */
function elementAt({ head, body, area }: Parts, p: GridPos): HTMLElement | undefined {
  if (p.row >= 0 && p.col >= 0) return area;
  if (p.row < 0) return head.children[p.col + 1] as HTMLElement | undefined;
  return body.children[p.row]?.children[0] as HTMLElement | undefined;
}

/** The grid position under a pointer event: a label, or the canvas cell under it. */
function positionOf({ table, cells }: Parts, d: GridData, e: PointerEvent | FocusEvent): GridPos | undefined {
  const target = e.target as Element;
  if (target === cells.canvas && e instanceof PointerEvent) {
    const row = Math.floor(e.offsetY / d.cellPx);
    const col = Math.floor(e.offsetX / d.cellPx);
    return row >= 0 && row < d.rowTokens.length && col >= 0 && col < d.colTokens.length ? { row, col } : undefined;
  }
  const label = target.closest<HTMLTableCellElement>('th.row-label, th.col-label');
  if (!label || !table.contains(label)) return undefined;
  return label.classList.contains('row-label')
    ? { row: Number(label.closest('tr')?.dataset.row), col: -1 }
    : { row: -1, col: Number(label.dataset.col) };
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
    placeCursor(parts, d.cellPx, row, col);
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
    const target = row !== null && col !== null ? parts.cursor : elementAt(parts, { row: row ?? -1, col: col ?? -1 });
    if (target && (row !== null || col !== null)) tooltip.show(target, describeHighlight(d, row, col));
    else tooltip.hide();
    onHighlight(row, col);
  };
}

/** The outline over the cell (row, col); hidden unless both are given. */
function placeCursor({ cursor }: Parts, cell: number, row: number | null, col: number | null): void {
  cursor.hidden = row === null || col === null;
  if (cursor.hidden) return;
  cursor.style.setProperty('left', `${col! * cell}px`);
  cursor.style.setProperty('top', `${row! * cell}px`);
}

/** Pointer and keyboard: hover and focus highlight, arrows move a roving tab stop, Enter reveals. */
function listen(d: GridData, parts: Parts, highlight: Picture['highlight'], events: PictureEvents): void {
  const { table, area } = parts;
  const highlightAt = (p: GridPos) => highlight(p.row < 0 ? null : p.row, p.col < 0 ? null : p.col);
  let tabStop: GridPos = { row: 0, col: -1 };
  const setTabStop = (p: GridPos) => {
    elementAt(parts, tabStop)?.setAttribute('tabindex', '-1');
    tabStop = p;
    const e = elementAt(parts, p);
    e?.setAttribute('tabindex', '0');
    // The cells' area speaks for the cell it stands for.
    if (e === area) area.setAttribute('aria-label', cellLabel(d, p.row, p.col));
  };
  setTabStop(d.rowTokens.length ? { row: 0, col: -1 } : { row: -1, col: 0 });

  let hovered = '';
  table.addEventListener('pointermove', (e) => {
    const p = positionOf(parts, d, e);
    if (!p || `${p.row},${p.col}` === hovered) return;
    hovered = `${p.row},${p.col}`;
    highlightAt(p);
  });
  table.addEventListener('pointerleave', () => {
    hovered = '';
    highlight(null, null);
  });
  // A click on a cell makes it the tab stop before the area takes the focus.
  table.addEventListener('pointerdown', (e) => {
    const p = positionOf(parts, d, e);
    if (p) setTabStop(p);
  });
  table.addEventListener('focusin', (e) => {
    const p = e.target === area ? tabStop : positionOf(parts, d, e);
    if (!p) return;
    setTabStop(p);
    highlightAt(p);
  });
  table.addEventListener('keydown', (e) =>
    pictureKeydown(
      e,
      events,
      () => highlight(null, null),
      (key, ctrl) => {
        const next = moveInGrid(key, tabStop, d.rowTokens.length, d.colTokens.length, ctrl);
        if (!next) return false;
        const from = elementAt(parts, tabStop);
        setTabStop(next);
        const to = elementAt(parts, next);
        // Within the cells the focus stays on the area: highlight the new cell by hand.
        if (to === from) highlightAt(next);
        else to?.focus();
        return true;
      },
    ),
  );
  table.addEventListener('dblclick', () => events.onReveal());
}

function cellLabel(d: GridData, i: number, j: number): string {
  return `${tokenText(d.rowTokens[i])} ← ${tokenText(d.colTokens[j])}: ${weightAt(d, i, j).toFixed(2)}`;
}
