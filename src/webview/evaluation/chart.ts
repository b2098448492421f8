// Accuracy by source length: one bar per length bucket, its height the exact-match share, its count in
// the tooltip. A click on a bar filters the table to that bucket.
import { s } from '../dom';
import type { LengthBucket } from '../../shared/evaluation/analysis';
import { linearScale } from '../attention/training/plot-math';

const W = 360;
const H = 140;
const BOX = { left: 34, top: 8, width: W - 42, height: H - 34 };

export function lengthChart(buckets: readonly LengthBucket[], pick: (b: LengthBucket) => void): SVGSVGElement {
  const summary = buckets
    .map((b) => `${range(b)} tokens: ${b.pairs ? percent(b.exact / b.pairs) : 'no pairs'}`)
    .join('; ');
  const svg = s('svg', {
    id: 'length-chart',
    class: 'chart',
    viewBox: `0 0 ${W} ${H}`,
    role: 'img',
    'aria-label': `Exact match by source length: ${summary}`,
  });
  const y = linearScale([0, 1], BOX.top + BOX.height, BOX.top);
  for (const v of [0, 0.5, 1])
    svg.append(
      s('line', { class: 'grid-line', x1: BOX.left, x2: BOX.left + BOX.width, y1: y.map(v), y2: y.map(v) }),
      s('text', { class: 'tick', x: BOX.left - 4, y: y.map(v) + 3, 'text-anchor': 'end' }, percent(v)),
    );
  const slot = BOX.width / Math.max(1, buckets.length);
  buckets.forEach((b, k) => {
    const share = b.pairs ? b.exact / b.pairs : 0;
    const x = BOX.left + k * slot;
    const bar = s(
      'rect',
      {
        class: b.pairs ? 'bar' : 'bar empty',
        x: x + slot * 0.15,
        y: y.map(share),
        width: slot * 0.7,
        height: BOX.top + BOX.height - y.map(share),
        'data-from': b.from,
        'data-to': b.to,
      },
      s('title', {}, `${range(b)} tokens: ${b.exact} of ${b.pairs} exact (click to show only these)`),
    );
    if (b.pairs) bar.addEventListener('click', () => pick(b));
    svg.append(
      bar,
      // The bucket's first length under it (the whole range is in the bar's tooltip): ranges would collide.
      s('text', { class: 'tick', x: x + slot / 2, y: BOX.top + BOX.height + 12, 'text-anchor': 'middle' }, `${b.from}`),
    );
  });
  svg.append(
    s('rect', { class: 'frame', x: BOX.left, y: BOX.top, width: BOX.width, height: BOX.height }),
    s('text', { class: 'axis-name', x: BOX.left + BOX.width, y: H - 2, 'text-anchor': 'end' }, 'source tokens'),
  );
  return svg;
}

const range = (b: LengthBucket) => (b.from === b.to ? `${b.from}` : `${b.from}–${b.to}`);
const percent = (x: number) => `${Math.round(100 * x)}%`;
