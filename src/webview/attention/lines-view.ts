// The lines picture (as in bertviz): source tokens in the left column, output tokens in the right one,
// and a line between each pair whose opacity is the attention weight. Narrow enough for the side bar at
// any source length. The lines are one SVG path per opacity level (picture/layout.ts), so 200 x 200
// tokens are a few dozen elements; a highlighted token's own lines are drawn on top, one element each.
import { h, s } from '../dom';
import { describeHighlight, weightAt, type AlignmentData } from './picture/describe';
import { LINE_LEVELS, LINE_ROW_PX, LINE_SPAN, linePaths, lineLevel, tokenY } from './picture/layout';
import { moveInLines, type LinePos, type Side } from './picture/lines-keys';
import { pictureKeydown, type Picture, type PictureEvents } from './picture/picture';
import { tokenLabel } from './token-label';
import { tokenDescription } from '../../shared/tokens';
import type { Tooltip } from './tooltip';

interface Parts {
  root: HTMLElement;
  svg: SVGSVGElement;
  focus: SVGGElement;
  labels: Record<Side, HTMLElement[]>;
}

export function renderLines(d: AlignmentData, zoom: number, tooltip: Tooltip, events: PictureEvents): Picture {
  const parts = build(d, LINE_ROW_PX * zoom);
  const highlight = highlighter(d, parts, LINE_ROW_PX * zoom, tooltip, events.onHighlight);
  listen(d, parts, highlight, events);
  return { element: parts.root, highlight };
}

function build(d: AlignmentData, rowPx: number): Parts {
  const sources = d.colTokens.length;
  const height = Math.max(sources, d.rowTokens.length, 1) * rowPx;
  const column = (side: Side, tokens: readonly string[]) =>
    tokens.map((t, k) => {
      const li = h(
        'li',
        {
          class: `token ${side}-label`,
          role: 'option',
          tabindex: -1,
          'data-index': k,
          'aria-label': `${side} ${k + 1}: ${tokenDescription(t)}`,
        },
        tokenLabel(t),
      );
      li.dataset.token = t;
      return li;
    });
  const labels = { source: column('source', d.colTokens), output: column('output', d.rowTokens) };
  const svg = s('svg', {
    class: 'links',
    viewBox: `0 0 ${LINE_SPAN} ${height}`,
    preserveAspectRatio: 'none',
    height,
    'aria-hidden': 'true',
  });
  const base = s('g', { class: 'base' });
  linePaths(d.weights, sources, rowPx).forEach((path, level) => {
    if (path) base.append(s('path', { d: path, 'data-level': level, 'stroke-opacity': level / LINE_LEVELS }));
  });
  const focus = s('g', { class: 'focus' });
  svg.append(base, focus);
  const list = (side: Side, title: string) =>
    h('ol', { class: `tokens ${side}`, role: 'listbox', 'aria-label': title }, ...labels[side]);
  const root = h(
    'div',
    {
      id: 'lines',
      role: 'group',
      'aria-label':
        `Attention lines: ${sources} source tokens (left) to ${d.rowTokens.length} output tokens (right). ` +
        'Arrow keys move, Left and Right follow the strongest line, Enter shows the source in the editor.',
    },
    h('div', { class: 'lines-head' }, h('span', {}, 'source'), h('span', {}, 'output')),
    h('div', { class: 'lines-body' }, list('source', 'Source tokens'), svg, list('output', 'Output tokens')),
  );
  root.style.setProperty('--row', `${rowPx}px`);
  return { root, svg, focus, labels };
}

/** Marks the pointed token, draws its lines on top of the dimmed others, shades the tokens it links to. */
function highlighter(
  d: AlignmentData,
  { svg, focus, labels }: Parts,
  rowPx: number,
  tooltip: Tooltip,
  onHighlight: PictureEvents['onHighlight'],
): Picture['highlight'] {
  let lit: HTMLElement[] = [];
  return (row, col) => {
    for (const e of lit) e.classList.remove('lit', 'attends');
    lit = [];
    focus.replaceChildren();
    const from: LinePos | undefined =
      row !== null ? { side: 'output', index: row } : col !== null ? { side: 'source', index: col } : undefined;
    svg.classList.toggle('dim', !!from);
    if (!from) {
      tooltip.hide();
      onHighlight(null, null);
      return;
    }
    const anchor = labels[from.side][from.index];
    anchor?.classList.add('lit');
    if (anchor) lit.push(anchor);
    const other: Side = from.side === 'output' ? 'source' : 'output';
    labels[other].forEach((label, k) => {
      const w = from.side === 'output' ? weightAt(d, from.index, k) : weightAt(d, k, from.index);
      label.style.setProperty('--a', w.toFixed(4));
      label.classList.add('attends');
      lit.push(label);
      if (!lineLevel(w)) return;
      const [j, i] = from.side === 'output' ? [k, from.index] : [from.index, k];
      focus.append(
        s('line', {
          x1: 0,
          y1: tokenY(j, rowPx),
          x2: LINE_SPAN,
          y2: tokenY(i, rowPx),
          'stroke-opacity': w.toFixed(3),
          'data-source': j,
          'data-output': i,
          'data-weight': w.toFixed(4),
        }),
      );
    });
    if (anchor) tooltip.show(anchor, describeHighlight(d, row, col));
    onHighlight(row, col);
  };
}

/** Pointer and keyboard share one path: hover and focus highlight, one roving tab stop, Enter reveals. */
function listen(d: AlignmentData, parts: Parts, highlight: Picture['highlight'], events: PictureEvents): void {
  const at = (p: LinePos) => parts.labels[p.side][p.index];
  const show = (p: LinePos) => (p.side === 'output' ? highlight(p.index, null) : highlight(null, p.index));
  let tabStop: LinePos = { side: 'source', index: 0 };
  const setTabStop = (p: LinePos) => {
    at(tabStop)?.setAttribute('tabindex', '-1');
    tabStop = p;
    at(p)?.setAttribute('tabindex', '0');
  };
  setTabStop(d.colTokens.length ? { side: 'source', index: 0 } : { side: 'output', index: 0 });
  const posOf = (e: EventTarget | null): LinePos | undefined => {
    const li = (e as Element | null)?.closest?.<HTMLElement>('li.token');
    if (!li || !parts.root.contains(li)) return undefined;
    return { side: li.classList.contains('source-label') ? 'source' : 'output', index: Number(li.dataset.index) };
  };
  let hovered = '';
  parts.root.addEventListener('pointerover', (e) => {
    const p = posOf(e.target);
    if (!p || `${p.side}${p.index}` === hovered) return;
    hovered = `${p.side}${p.index}`;
    show(p);
  });
  parts.root.addEventListener('pointerleave', () => {
    hovered = '';
    highlight(null, null);
  });
  parts.root.addEventListener('focusin', (e) => {
    const p = posOf(e.target);
    if (!p) return;
    setTabStop(p);
    show(p);
  });
  parts.root.addEventListener('keydown', (e) =>
    pictureKeydown(
      e,
      events,
      () => highlight(null, null),
      (key) => {
        const next = moveInLines(key, tabStop, d.weights, d.colTokens.length);
        if (!next) return false;
        at(next)?.focus();
        return true;
      },
    ),
  );
  parts.root.addEventListener('dblclick', () => events.onReveal());
}
