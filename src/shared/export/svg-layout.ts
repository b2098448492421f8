// Geometry of the exported heatmap: cells of a fixed size, so long inputs make a larger picture
// instead of squashed labels; labels cut to a maximum length (the full token is in each <title>).
export interface SvgLayout {
  cell: number;
  /** Left edge of the cells: room for the output-token labels. */
  left: number;
  /** Top edge of the cells: room for the rotated source-token labels. */
  top: number;
  width: number;
  height: number;
  legend: { x: number; y: number; width: number; height: number };
}

export const LABEL_MAX_CHARS = 18;
const CHAR_WIDTH = 7;
const PAD = 8;

export function svgLayout(rowLabels: readonly string[], colLabels: readonly string[], cell = 22): SvgLayout {
  const longest = (labels: readonly string[]) =>
    Math.max(1, ...labels.map((l) => Math.min(LABEL_MAX_CHARS, [...l].length)));
  const left = PAD + longest(rowLabels) * CHAR_WIDTH + PAD;
  const top = PAD + longest(colLabels) * CHAR_WIDTH + PAD;
  const gridWidth = colLabels.length * cell;
  const legend = {
    x: left,
    y: top + rowLabels.length * cell + 2 * PAD,
    width: Math.max(120, Math.min(240, gridWidth)),
    height: 10,
  };
  return {
    cell,
    left,
    top,
    width: Math.max(left + gridWidth, legend.x + legend.width + 40) + PAD,
    height: legend.y + legend.height + 24,
    legend,
  };
}
