// Keyboard movement in the heatmap grid (WAI-ARIA grid pattern). Row -1 is the source-token header
// row, column -1 the output-token header column; (-1, -1) is the empty corner and never focused.
export interface GridPos {
  row: number;
  col: number;
}

export function moveInGrid(key: string, pos: GridPos, rows: number, cols: number, ctrl = false): GridPos | undefined {
  const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
  let { row, col } = pos;
  switch (key) {
    case 'ArrowUp':
      row -= 1;
      break;
    case 'ArrowDown':
      row += 1;
      break;
    case 'ArrowLeft':
      col -= 1;
      break;
    case 'ArrowRight':
      col += 1;
      break;
    case 'Home':
      col = -1;
      if (ctrl) row = -1;
      break;
    case 'End':
      col = cols - 1;
      if (ctrl) row = rows - 1;
      break;
    case 'PageUp':
      row = Math.max(-1, row - 10);
      break;
    case 'PageDown':
      row = row + 10;
      break;
    default:
      return undefined;
  }
  row = clamp(row, -1, rows - 1);
  col = clamp(col, -1, cols - 1);
  // The corner holds nothing: step into the nearest header instead.
  if (row === -1 && col === -1) return pos.row === -1 ? { row: -1, col: 0 } : { row: 0, col: -1 };
  return { row, col };
}
