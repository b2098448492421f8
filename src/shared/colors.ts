// The sequential colour scale of exported heatmaps (the panel itself mixes theme colours in CSS).
// Light to dark blue, monotone in lightness so the order of weights survives greyscale printing.
const LOW: [number, number, number] = [247, 251, 255];
const HIGH: [number, number, number] = [8, 48, 107];

/** Clamps to [0, 1]; NaN counts as 0 so a broken weight shows as blank, not as full attention. */
export function clampWeight(w: number): number {
  return Number.isFinite(w) ? Math.min(1, Math.max(0, w)) : 0;
}

export function heatColor(weight: number): string {
  const w = clampWeight(weight);
  const c = LOW.map((lo, i) => Math.round(lo + (HIGH[i] - lo) * w));
  return `#${c.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

/** Text drawn on a cell of this weight stays readable: white on dark cells, near black on light ones. */
export function textColorOn(weight: number): string {
  return clampWeight(weight) > 0.5 ? '#ffffff' : '#1b1b1b';
}
