// The heatmap as an ARIA grid: a table whose first row holds the source tokens and whose first column
// holds the output tokens. Pointer hover and keyboard focus share one path (highlight), which also
// tells the host what to decorate in the editor.
import { h } from './dom';
import { clampWeight } from '../../shared/colors';
import { moveInGrid, type GridPos } from './grid-keys';
import { tokenLabel } from './token-label';
import { tokenDescription, tokenText } from '../../shared/tokens';
import type { Tooltip } from './tooltip';

export interface GridData { rowTokens: readonly string[]; colTokens: readonly string[]; weights: readonly (readonly number[])[]; showValues: boolean }

export interface GridEvents {
  /** An output token (row), a source token (col), a cell (both) or nothing (both null) is pointed at. */
  onHighlight(row: number | null, col: number | null): void;
  /** Enter / double click: show the source in the editor. */
  onReveal(): void;
}

export interface Grid {
  readonly table: HTMLTableElement;
  highlight(row: number | null, col: number | null): void;
}

const weightAt = (d: GridData, i: number, j: number) => clampWeight(d.weights[i]?.[j] ?? 0);

export function renderGrid(d: GridData, tooltip: Tooltip, events: GridEvents): Grid {
  const rows = d.rowTokens.length;
  const cols = d.colTokens.length;
  const table = h('table', {
    id: 'heatmap', role: 'grid', 'aria-rowcount': rows + 1, 'aria-colcount': cols + 1,
    'aria-label': `Attention: ${rows} output tokens (rows) over ${cols} source tokens (columns). Arrow keys move, Enter shows the source in the editor.`,
  });
  const head = h('tr', { role: 'row' }, h('td', { class: 'corner', role: 'presentation' }));
  d.colTokens.forEach((t, j) => {
    const th = h('th', { class: 'col-label', role: 'columnheader', scope: 'col', 'data-col': j, tabindex: -1, 'aria-label': `source ${j + 1}: ${tokenDescription(t)}` }, tokenLabel(t));
    th.dataset.token = t;
    head.append(th);
  });
  table.append(h('thead', {}, head));
  const body = h('tbody');
  d.rowTokens.forEach((t, i) => {
    const th = h('th', { class: 'row-label', role: 'rowheader', scope: 'row', tabindex: -1, 'aria-label': `output ${i + 1}: ${tokenDescription(t)}` }, tokenLabel(t));
    th.dataset.token = t;
    const tr = h('tr', { role: 'row', 'data-row': i }, th);
    for (let j = 0; j < cols; j++) {
      const w = weightAt(d, i, j);
      const td = h('td', {
        class: w > 0.5 ? 'cell hot' : 'cell', role: 'gridcell', tabindex: -1, 'data-col': j, 'data-weight': w,
        'aria-label': `${tokenText(t)} ← ${tokenText(d.colTokens[j])}: ${w.toFixed(2)}`,
      }, d.showValues ? String(Math.round(w * 100)) : '');
      // CSSOM, not a style attribute: the CSP blocks inline styles but not script-set properties.
      td.style.setProperty('--w', w.toFixed(4));
      tr.append(td);
    }
    body.append(tr);
  });
  table.append(body);

  const at = (p: GridPos): HTMLElement | null =>
    p.row < 0 ? head.children[p.col + 1] as HTMLElement : p.col < 0 ? body.children[p.row]?.children[0] as HTMLElement : body.children[p.row]?.children[p.col + 1] as HTMLElement;
  const posOf = (e: Element): GridPos | undefined => {
    const cell = e.closest('td.cell, th.row-label, th.col-label');
    if (!cell || !table.contains(cell)) return undefined;
    const row = cell.closest('tr')?.dataset.row;
    return { row: row === undefined ? -1 : Number(row), col: cell.classList.contains('row-label') ? -1 : Number((cell as HTMLElement).dataset.col) };
  };
  let focusPos: GridPos = { row: 0, col: -1 };
  const setTabStop = (p: GridPos) => {
    at(focusPos)?.setAttribute('tabindex', '-1');
    focusPos = p;
    at(p)?.setAttribute('tabindex', '0');
  };
  setTabStop(rows ? { row: 0, col: -1 } : { row: -1, col: 0 });

  let lit: HTMLElement[] = [];
  function highlight(row: number | null, col: number | null): void {
    for (const e of lit) e.classList.remove('lit', 'attends');
    lit = [];
    const light = (e: Element | null | undefined, cls = 'lit') => { if (e instanceof HTMLElement) { e.classList.add(cls); lit.push(e); } };
    if (row !== null) light(body.children[row]?.children[0]);
    if (col !== null) light(head.children[col + 1]);
    if (row !== null && col !== null) light(at({ row, col }));
    if (row === null && col !== null) {
      // Which output tokens attended to this source token, shaded by how much.
      d.rowTokens.forEach((_, i) => {
        const label = body.children[i]?.children[0] as HTMLElement | undefined;
        if (!label) return;
        label.style.setProperty('--a', weightAt(d, i, col).toFixed(4));
        light(label, 'attends');
      });
    }
    if (row !== null && col === null) {
      // The source tokens this output token attended to.
      d.colTokens.forEach((_, j) => {
        const label = head.children[j + 1] as HTMLElement | undefined;
        if (!label) return;
        label.style.setProperty('--a', weightAt(d, row, j).toFixed(4));
        light(label, 'attends');
      });
    }
    const target = row === null && col === null ? null : at({ row: row ?? -1, col: col ?? -1 });
    if (target) tooltip.show(target, tooltipText(d, row, col));
    else tooltip.hide();
    events.onHighlight(row, col);
  }

  let hovered = '';
  table.addEventListener('pointerover', (e) => {
    const p = posOf(e.target as Element);
    const key = p ? `${p.row},${p.col}` : '';
    if (!p || key === hovered) return;
    hovered = key;
    highlight(p.row < 0 ? null : p.row, p.col < 0 ? null : p.col);
  });
  table.addEventListener('pointerleave', () => {
    hovered = '';
    highlight(null, null);
  });
  table.addEventListener('focusin', (e) => {
    const p = posOf(e.target as Element);
    if (!p) return;
    setTabStop(p);
    highlight(p.row < 0 ? null : p.row, p.col < 0 ? null : p.col);
  });
  table.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      events.onReveal();
      return;
    }
    if (e.key === 'Escape') {
      highlight(null, null);
      return;
    }
    const next = moveInGrid(e.key, focusPos, rows, cols, e.ctrlKey || e.metaKey);
    if (!next) return;
    e.preventDefault();
    at(next)?.focus();
  });
  table.addEventListener('dblclick', () => events.onReveal());
  return { table, highlight };
}

function tooltipText(d: GridData, row: number | null, col: number | null): string {
  const out = row !== null ? `output ${row + 1}: ${tokenDescription(d.rowTokens[row])}` : '';
  const src = col !== null ? `source ${col + 1}: ${tokenDescription(d.colTokens[col])}` : '';
  if (row !== null && col !== null) return `${out}\n${src}\nweight ${weightAt(d, row, col).toFixed(3)}`;
  if (row !== null) {
    const top = d.colTokens.map((t, j) => [weightAt(d, row, j), t] as const).sort((a, b) => b[0] - a[0]).slice(0, 3);
    return `${out}\nattends to ${top.map(([w, t]) => `${tokenText(t)} ${w.toFixed(2)}`).join(', ')}`;
  }
  return src;
}
