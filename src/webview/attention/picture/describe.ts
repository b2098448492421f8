// What a highlight says in the tooltip, for both pictures: the two tokens and their weight, or the
// strongest links of one token. Pure.
import { clampWeight } from '../../../shared/colors';
import { tokenDescription, tokenText } from '../../../shared/tokens';

/** One alignment: output tokens (rows) by source tokens (columns). */
export interface AlignmentData {
  rowTokens: readonly string[];
  colTokens: readonly string[];
  weights: readonly (readonly number[])[];
}

/** A weight clamped to [0, 1]; a missing one is 0. */
export const weightAt = (d: AlignmentData, i: number, j: number) => clampWeight(d.weights[i]?.[j] ?? 0);

/** The three strongest of `count` links, as "token weight" text. */
function strongest(count: number, weight: (k: number) => number, token: (k: number) => string): string {
  return Array.from({ length: count }, (_, k) => [weight(k), token(k)] as const)
    .sort((a, b) => b[0] - a[0])
    .slice(0, 3)
    .map(([w, t]) => `${tokenText(t)} ${w.toFixed(2)}`)
    .join(', ');
}

export function describeHighlight(d: AlignmentData, row: number | null, col: number | null): string {
  const out = row !== null ? `output ${row + 1}: ${tokenDescription(d.rowTokens[row])}` : '';
  const src = col !== null ? `source ${col + 1}: ${tokenDescription(d.colTokens[col])}` : '';
  if (row !== null && col !== null) return `${out}\n${src}\nweight ${weightAt(d, row, col).toFixed(3)}`;
  if (row !== null)
    return `${out}\nattends to ${strongest(
      d.colTokens.length,
      (j) => weightAt(d, row, j),
      (j) => d.colTokens[j],
    )}`;
  if (col !== null)
    return `${src}\nattended by ${strongest(
      d.rowTokens.length,
      (i) => weightAt(d, i, col),
      (i) => d.rowTokens[i],
    )}`;
  return '';
}
