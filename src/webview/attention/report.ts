// Test hook: the panel's account of what it drew, read back from the DOM rather than from the data it was
// given, so a test that checks it checks the page a person sees. Sent only in test mode (see main.ts).
import type { DomReport } from '../../shared/attention-messages';
import { LINE_LEVELS, segmentsOf } from './picture/layout';
import { unmix } from './picture/heat-canvas';

const within = (root: Element | null, sel: string) => (root ? Array.from(root.querySelectorAll<HTMLElement>(sel)) : []);

export function domReport(): DomReport {
  const table = document.getElementById('heatmap');
  const lines = document.getElementById('lines');
  const [rowLabels, colLabels] = table
    ? [within(table, 'th.row-label'), within(table, 'th.col-label')]
    : [within(lines, 'li.output-label'), within(lines, 'li.source-label')];
  return {
    picture: table ? 'heatmap' : lines ? 'lines' : 'none',
    rows: rowLabels.length,
    cols: colLabels.length,
    rowLabels: rowLabels.map((e) => e.dataset.token ?? ''),
    colLabels: colLabels.map((e) => e.dataset.token ?? ''),
    rowTexts: rowLabels.map((e) => e.textContent ?? ''),
    colTexts: colLabels.map((e) => e.textContent ?? ''),
    cellWeights: table ? cellWeights(table) : lineWeights(lines, rowLabels.length, colLabels.length),
    // Scripts other than our bundle and VS Code's API shim (#_vscodeApiScript) would have come from a token.
    injected: {
      img: document.querySelectorAll('img').length,
      script: Array.from(document.scripts).filter(
        (e) => e.id !== '_vscodeApiScript' && !e.src.endsWith('/dist/webview/attention.js'),
      ).length,
    },
    csp: document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? '',
  };
}

/** The weights the heatmap shows: the colour at each cell's centre, mapped back through the heat scale (shade = √w). */
function cellWeights(table: Element): number[][] {
  const canvas = table.querySelector<HTMLCanvasElement>('canvas.heat-cells');
  const ctx = canvas?.getContext('2d');
  if (!canvas || !ctx) return [];
  const [lo, hi] = [canvas.dataset.lo, canvas.dataset.hi].map((v) => (v ?? '0,0,0').split(',').map(Number));
  const cell = Number(canvas.dataset.cell);
  const scale = canvas.width / canvas.clientWidth || 1;
  const rows = Math.round(canvas.clientHeight / cell);
  const cols = Math.round(canvas.clientWidth / cell);
  return Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => {
      const px = ctx.getImageData(Math.floor((j + 0.5) * cell * scale), Math.floor((i + 0.5) * cell * scale), 1, 1);
      return unmix(lo as [number, number, number], hi as [number, number, number], [...px.data]) ** 2;
    }),
  );
}

/** The weights the lines show: each base path's segments, at that path's opacity level. */
function lineWeights(lines: Element | null, rows: number, cols: number): number[][] {
  const weights = Array.from({ length: rows }, () => new Array<number>(cols).fill(0));
  for (const path of within(lines, 'g.base path')) {
    const level = Number(path.dataset.level) / LINE_LEVELS;
    for (const { source, output } of segmentsOf(path.getAttribute('d') ?? '', lineRowPx(lines)))
      if (weights[output]) weights[output][source] = level;
  }
  return weights;
}

/** The row pitch the lines were drawn at (zoom included), as set on #lines. */
function lineRowPx(lines: Element | null): number {
  return parseFloat((lines as HTMLElement | null)?.style.getPropertyValue('--row') ?? '') || 20;
}
