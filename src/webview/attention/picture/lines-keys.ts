// Keyboard movement in the lines picture: Up/Down walk a column of tokens, Left/Right cross to the other
// column along the strongest line (the token this one attends to most, or that attends to it most).
export type Side = 'source' | 'output';
export interface LinePos {
  side: Side;
  index: number;
}

/** The index of the largest value (the first of equals); 0 for an empty list. */
function argmax(values: readonly number[]): number {
  let best = 0;
  values.forEach((v, k) => {
    if (v > (values[best] ?? -Infinity)) best = k;
  });
  return best;
}

export function moveInLines(
  key: string,
  pos: LinePos,
  weights: readonly (readonly number[])[],
  sources: number,
): LinePos | undefined {
  const count = pos.side === 'source' ? sources : weights.length;
  const to = (index: number): LinePos => ({ side: pos.side, index: Math.min(count - 1, Math.max(0, index)) });
  switch (key) {
    case 'ArrowUp':
      return to(pos.index - 1);
    case 'ArrowDown':
      return to(pos.index + 1);
    case 'PageUp':
      return to(pos.index - 10);
    case 'PageDown':
      return to(pos.index + 10);
    case 'Home':
      return to(0);
    case 'End':
      return to(count - 1);
    case 'ArrowLeft':
      if (pos.side === 'source' || !weights.length) return pos;
      return { side: 'source', index: argmax(Array.from({ length: sources }, (_, j) => weights[pos.index]?.[j] ?? 0)) };
    case 'ArrowRight':
      if (pos.side === 'output' || !weights.length) return pos;
      return { side: 'output', index: argmax(weights.map((row) => row[pos.index] ?? 0)) };
    default:
      return undefined;
  }
}
