// The heatmap's cells, painted on one canvas: a table of 200 x 200 cells as DOM elements takes the
// browser hundreds of milliseconds to lay out and paint, a canvas a few. The colours are the theme's
// (--heat-lo, --heat-hi from attention.css), resolved through a probe element, and the cells are
// painted again when the theme changes.
import { clampWeight } from '../../../shared/colors';
import { weightAt, type AlignmentData } from './describe';

type Rgb = [number, number, number];

let probe: HTMLElement | undefined;

/**
 * A CSS colour (any syntax the theme uses: rgb(), #hex, color-mix()) as sRGB 0-255, through a hidden probe
 * of its own in <body>, so asking costs no style pass over a large table.
 */
function resolve(cssColor: string): Rgb {
  probe ??= document.body.appendChild(Object.assign(document.createElement('span'), { hidden: true }));
  probe.style.setProperty('color', cssColor);
  const c = getComputedStyle(probe).color;
  const srgb = /color\(srgb ([\d.e-]+) ([\d.e-]+) ([\d.e-]+)/.exec(c);
  if (srgb) return [1, 2, 3].map((k) => Math.round(Number(srgb[k]) * 255)) as Rgb;
  const rgb = /rgba?\((\d+)[, ]+(\d+)[, ]+(\d+)/.exec(c);
  return rgb ? [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])] : [128, 128, 128];
}

/**
 * How strongly a weight shades its cell: its square root, so that the weights a diffuse alignment spreads
 * (0.05-0.2) are visible and the order of all weights is kept; the legend says so.
 */
export const shadeOf = (weight: number) => Math.sqrt(clampWeight(weight));

/** sRGB mix, as CSS color-mix(in srgb) computes it: lo at shade 0, hi at 1. */
export function mix(lo: Rgb, hi: Rgb, w: number): Rgb {
  return [0, 1, 2].map((k) => Math.round(lo[k] + (hi[k] - lo[k]) * w)) as Rgb;
}

/** The shade a painted colour stands for: the inverse of mix, on the channel that changes most. */
export function unmix(lo: Rgb, hi: Rgb, c: readonly number[]): number {
  const k = [0, 1, 2].reduce((best, i) => (Math.abs(hi[i] - lo[i]) > Math.abs(hi[best] - lo[best]) ? i : best), 0);
  return hi[k] === lo[k] ? 0 : Math.min(1, Math.max(0, (c[k] - lo[k]) / (hi[k] - lo[k])));
}

export interface HeatCanvas {
  readonly canvas: HTMLCanvasElement;
  /** Paints every cell (again: after a theme change). */
  paint(): void;
}

/**
 * A canvas of rows x cols cells of `cellPx` CSS pixels. It holds one pixel per cell, scaled up by CSS
 * (pixelated; the grid lines are a CSS background), unless `values` writes each weight x 100 in its cell:
 * text needs the canvas at full resolution.
 */
export function heatCanvas(d: AlignmentData, cellPx: number, values: boolean): HeatCanvas {
  const rows = d.rowTokens.length;
  const cols = d.colTokens.length;
  const canvas = document.createElement('canvas');
  canvas.className = values ? 'heat-cells' : 'heat-cells pixelated';
  canvas.style.setProperty('width', `${cols * cellPx}px`);
  canvas.style.setProperty('height', `${rows * cellPx}px`);
  const paint = () => {
    const [lo, hi] = [resolve('var(--heat-lo)'), resolve('var(--heat-hi)')];
    // The scale the test read-back inverts (see report.ts).
    canvas.dataset.lo = lo.join(',');
    canvas.dataset.hi = hi.join(',');
    canvas.dataset.cell = String(cellPx);
    const cells = cellImage(d, lo, hi);
    if (!values) {
      [canvas.width, canvas.height] = [cells.width, cells.height];
      canvas.getContext('2d')?.drawImage(cells, 0, 0);
      return;
    }
    const scale = window.devicePixelRatio || 1;
    canvas.width = Math.round(cols * cellPx * scale);
    canvas.height = Math.round(rows * cellPx * scale);
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(cells, 0, 0, canvas.width, canvas.height);
    ctx.setTransform(scale, 0, 0, scale, 0, 0);
    writeValues(ctx, d, cellPx, lo, resolve('var(--vscode-editor-foreground)'));
  };
  return { canvas, paint };
}

/** The cells at one pixel each (rows x cols), on a canvas of their own. */
function cellImage(d: AlignmentData, lo: Rgb, hi: Rgb): HTMLCanvasElement {
  const rows = d.rowTokens.length;
  const cols = d.colTokens.length;
  const small = document.createElement('canvas');
  small.width = Math.max(1, cols);
  small.height = Math.max(1, rows);
  const image = new ImageData(small.width, small.height);
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < cols; j++) {
      const at = 4 * (i * cols + j);
      image.data.set(mix(lo, hi, shadeOf(weightAt(d, i, j))), at);
      image.data[at + 3] = 255;
    }
  small.getContext('2d')?.putImageData(image, 0, 0);
  return small;
}

/** Weights x 100 in the cells: the background colour on hot cells, the text colour on the others. */
function writeValues(ctx: CanvasRenderingContext2D, d: AlignmentData, cell: number, lo: Rgb, text: Rgb): void {
  ctx.font = `${Math.max(7, Math.round(cell * 0.45))}px sans-serif`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  d.weights.forEach((_, i) =>
    d.colTokens.forEach((_, j) => {
      const w = weightAt(d, i, j);
      ctx.fillStyle = `rgb(${(w > 0.5 ? lo : text).join(',')})`;
      ctx.fillText(String(Math.round(w * 100)), (j + 0.5) * cell, (i + 0.5) * cell);
    }),
  );
}
