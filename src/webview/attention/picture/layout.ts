// Which picture of an alignment fits the space, and how each is laid out. Pure (no DOM), so the tests
// pin the choices: the heatmap where its cells can be read, the lines where they cannot.
import { clampWeight } from '../../../shared/colors';

export type PictureKind = 'lines' | 'heatmap';
/** 'auto' follows the space available; the others are the person's choice. */
export type PictureChoice = 'auto' | PictureKind;

/** Heatmap cells narrower than this are not readable: below it the lines picture is drawn instead. */
export const MIN_CELL_PX = 14;
/** Cells grow to fill the width up to this size (a 3-token source must not become three huge squares). */
export const MAX_CELL_PX = 36;
/** The row labels' column of the heatmap, at most (longer labels are cut with an ellipsis). */
export const ROW_LABEL_PX = 96;
/** Below this width the side bar draws lines whatever the source length. */
export const NARROW_PX = 360;

/**
 * The picture for a view `widthPx` wide: the editor area always gets the heatmap (it scrolls, labels
 * sticky, when the cells would be too small); the side bar gets lines unless it is wide enough for cells.
 */
export function choosePicture(
  choice: PictureChoice,
  widthPx: number,
  sourceTokens: number,
  place: 'view' | 'editor' = 'view',
): PictureKind {
  if (choice !== 'auto') return choice;
  if (place === 'editor') return 'heatmap';
  if (widthPx < NARROW_PX) return 'lines';
  return (widthPx - ROW_LABEL_PX) / Math.max(1, sourceTokens) >= MIN_CELL_PX ? 'heatmap' : 'lines';
}

export interface HeatmapFit {
  /** Cell edge in CSS pixels (before zoom). */
  cellPx: number;
  /** Column labels horizontal (they fit in a cell) or vertical. */
  horizontalLabels: boolean;
}

/**
 * Cells sized so the heatmap fills `widthPx` (within MIN..MAX; below MIN it scrolls); the column labels
 * lie horizontal when the longest fits in a cell at `charPx` per character.
 */
export function fitHeatmap(widthPx: number, colLabels: readonly string[], charPx: number, zoom = 1): HeatmapFit {
  const fill = Math.floor((widthPx - ROW_LABEL_PX) / Math.max(1, colLabels.length));
  const cellPx = Math.min(MAX_CELL_PX, Math.max(MIN_CELL_PX, fill));
  const longest = Math.max(1, ...colLabels.map((t) => [...t].length));
  return { cellPx, horizontalLabels: longest * charPx + 4 <= cellPx * zoom };
}

/** Opacity levels of the lines picture: each level is one SVG path, so 200 x 200 lines are ~32 elements. */
export const LINE_LEVELS = 32;

/** The level a weight is drawn at: round(w * LINE_LEVELS); 0 is not drawn (below half a level). */
export function lineLevel(weight: number): number {
  return Math.round(clampWeight(weight) * LINE_LEVELS);
}

/** Row pitch of the token columns, in CSS pixels at zoom 1. */
export const LINE_ROW_PX = 20;
/** The SVG between the columns spans x = 0..LINE_SPAN (stretched to its box, strokes unscaled). */
export const LINE_SPAN = 100;

/** The vertical centre of token `index` in its column. */
export const tokenY = (index: number, rowPx = LINE_ROW_PX) => (index + 0.5) * rowPx;

/**
 * Path data per opacity level: a line from source token j (left, x = 0) to output token i (right,
 * x = LINE_SPAN) for every weight w[i][j] at level >= 1. Index k of the result is level k (0 empty).
 */
export function linePaths(weights: readonly (readonly number[])[], sources: number, rowPx = LINE_ROW_PX): string[] {
  const parts: string[][] = Array.from({ length: LINE_LEVELS + 1 }, () => []);
  weights.forEach((row, i) => {
    const y2 = tokenY(i, rowPx);
    for (let j = 0; j < sources; j++) {
      const level = lineLevel(row[j] ?? 0);
      if (level) parts[level].push(`M0 ${tokenY(j, rowPx)}L${LINE_SPAN} ${y2}`);
    }
  });
  return parts.map((p) => p.join(''));
}

/** The inverse of linePaths for one path: the (source, output) token pairs its segments join. */
export function segmentsOf(d: string, rowPx = LINE_ROW_PX): { source: number; output: number }[] {
  const out: { source: number; output: number }[] = [];
  for (const m of d.matchAll(/M0 ([\d.]+)L\d+ ([\d.]+)/g))
    out.push({ source: Math.round(Number(m[1]) / rowPx - 0.5), output: Math.round(Number(m[2]) / rowPx - 0.5) });
  return out;
}
