// Scales, ticks and path data of the training curves. Pure, so the tests pin the geometry.
export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}
export interface Scale {
  domain: [number, number];
  map(v: number): number;
}

/** A linear scale from `domain` to [from, to]; a degenerate domain is widened so nothing divides by 0. */
export function linearScale(domain: [number, number], from: number, to: number): Scale {
  const [a, b] = domain[0] === domain[1] ? [domain[0] - 1, domain[1] + 1] : domain;
  return { domain: [a, b], map: (v) => from + ((v - a) / (b - a)) * (to - from) };
}

/** The extent of values, padded by 5% so a curve does not touch the frame. */
export function extent(values: readonly number[]): [number, number] {
  const finite = values.filter(Number.isFinite);
  if (!finite.length) return [0, 1];
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  const pad = (hi - lo) * 0.05;
  return [lo - pad, hi + pad];
}

/** About `count` round tick values (1, 2 or 5 times a power of ten) inside [lo, hi]. */
export function niceTicks(lo: number, hi: number, count = 4): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const ticks: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

/** SVG path data through the points, in order. */
export function linePath(points: readonly [number, number][], x: Scale, y: Scale): string {
  return points.map(([a, b], i) => `${i ? 'L' : 'M'}${x.map(a).toFixed(1)} ${y.map(b).toFixed(1)}`).join(' ');
}

/** Short tick labels: 0.000123 -> 1.23e-4, 12345 -> 12345, 0.25 -> 0.25. */
export function tickLabel(v: number): string {
  if (v === 0) return '0';
  const abs = Math.abs(v);
  return abs < 1e-3 || abs >= 1e6 ? v.toExponential(2).replace(/\.?0+e/, 'e') : String(Number(v.toPrecision(4)));
}
