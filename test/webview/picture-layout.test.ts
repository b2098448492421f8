import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  LINE_LEVELS,
  MAX_CELL_PX,
  MIN_CELL_PX,
  NARROW_PX,
  ROW_LABEL_PX,
  choosePicture,
  fitHeatmap,
  lineLevel,
  linePaths,
  segmentsOf,
  tokenY,
} from '../../src/webview/attention/picture/layout';
import { moveInLines } from '../../src/webview/attention/picture/lines-keys';
import { describeHighlight } from '../../src/webview/attention/picture/describe';
import { mix, unmix } from '../../src/webview/attention/picture/heat-canvas';

test('the side bar gets lines unless cells fit, the editor area the heatmap, unless the person chose', () => {
  // A 300 px side bar: lines even for 3 tokens.
  assert.equal(choosePicture('auto', 300, 3), 'lines');
  // 40 tokens in a 1000 px editor panel: (1000 - 96) / 40 = 22.6 px cells, readable.
  assert.equal(choosePicture('auto', 1000, 40), 'heatmap');
  // 200 tokens in the same panel: 4.5 px cells are not, so lines.
  assert.equal(choosePicture('auto', 1000, 200), 'lines');
  // The boundary: exactly MIN_CELL_PX per token is a heatmap, one pixel less is not.
  assert.equal(choosePicture('auto', ROW_LABEL_PX + 30 * MIN_CELL_PX, 30), 'heatmap');
  assert.equal(choosePicture('auto', ROW_LABEL_PX + 30 * MIN_CELL_PX - 1, 30), 'lines');
  assert.equal(choosePicture('auto', NARROW_PX - 1, 1), 'lines');
  // The editor area is the heatmap's place, even when it has to scroll.
  assert.equal(choosePicture('auto', 600, 200, 'editor'), 'heatmap');
  assert.equal(choosePicture('lines', 600, 200, 'editor'), 'lines');
  assert.equal(choosePicture('heatmap', 200, 200), 'heatmap');
  assert.equal(choosePicture('lines', 2000, 2), 'lines');
});

test('heatmap cells fill the width within bounds; labels lie flat only when they fit a cell', () => {
  const chars = (n: number) => Array.from({ length: n }, () => 'a');
  // 40 one-character tokens in 1000 px: floor(904 / 40) = 22 px, 'a' (7.5 + 4 px) fits.
  assert.deepEqual(fitHeatmap(1000, chars(40), 7.5), { cellPx: 22, horizontalLabels: true });
  // Three tokens would get 300 px cells: capped.
  assert.equal(fitHeatmap(1000, chars(3), 7.5).cellPx, MAX_CELL_PX);
  // 200 tokens: the minimum (the table scrolls).
  assert.equal(fitHeatmap(1000, chars(200), 7.5).cellPx, MIN_CELL_PX);
  // A five-character word does not fit a 22 px cell: vertical; zoom 2 makes room for it.
  const words = [...chars(39), 'hello'];
  assert.equal(fitHeatmap(1000, words, 7.5).horizontalLabels, false);
  assert.equal(fitHeatmap(1000, words, 7.5, 2).horizontalLabels, true);
  assert.equal(fitHeatmap(1000, ['abcd', 'ef'], 7.5, 1).horizontalLabels, true);
});

test('line levels round the weight to 1/32; below half a level nothing is drawn', () => {
  assert.equal(lineLevel(0), 0);
  assert.equal(lineLevel(0.5 / LINE_LEVELS - 1e-6), 0);
  assert.equal(lineLevel(0.5 / LINE_LEVELS + 1e-6), 1);
  assert.equal(lineLevel(1), LINE_LEVELS);
  assert.equal(lineLevel(0.5), LINE_LEVELS / 2);
  assert.equal(lineLevel(Number.NaN), 0);
  assert.equal(lineLevel(7), LINE_LEVELS);
});

test('line paths join source token j (left) to output token i (right), one path per level', () => {
  const weights = [
    [1, 0],
    [0.5, 0.5],
  ];
  const paths = linePaths(weights, 2, 20);
  assert.equal(paths.length, LINE_LEVELS + 1);
  assert.equal(paths[LINE_LEVELS], `M0 ${tokenY(0, 20)}L100 ${tokenY(0, 20)}`);
  assert.deepEqual(segmentsOf(paths[LINE_LEVELS / 2], 20), [
    { source: 0, output: 1 },
    { source: 1, output: 1 },
  ]);
  assert.equal(paths.filter(Boolean).length, 2, 'the zero weight draws nothing');
});

test('a 200 x 200 alignment is a few dozen paths whose segments give the weights back', () => {
  let seed = 7;
  const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const weights = Array.from({ length: 200 }, () => {
    const raw = Array.from({ length: 200 }, () => rand() ** 8);
    const sum = raw.reduce((a, b) => a + b, 0);
    return raw.map((v) => v / sum);
  });
  const paths = linePaths(weights, 200, 13);
  assert.ok(paths.filter(Boolean).length <= LINE_LEVELS);
  paths.forEach((d, level) => {
    for (const { source, output } of segmentsOf(d, 13))
      assert.ok(Math.abs(weights[output][source] - level / LINE_LEVELS) <= 0.5 / LINE_LEVELS + 1e-9);
  });
});

test('keys walk a column and cross along the strongest line', () => {
  const w = [
    [0.1, 0.9, 0],
    [0.2, 0.1, 0.7],
  ];
  assert.deepEqual(moveInLines('ArrowDown', { side: 'source', index: 0 }, w, 3), { side: 'source', index: 1 });
  assert.deepEqual(moveInLines('ArrowDown', { side: 'output', index: 1 }, w, 3), { side: 'output', index: 1 });
  assert.deepEqual(moveInLines('End', { side: 'source', index: 0 }, w, 3), { side: 'source', index: 2 });
  assert.deepEqual(moveInLines('PageUp', { side: 'source', index: 2 }, w, 3), { side: 'source', index: 0 });
  // Right from source 2: output 1 attends to it most; Left from output 0: source 1.
  assert.deepEqual(moveInLines('ArrowRight', { side: 'source', index: 2 }, w, 3), { side: 'output', index: 1 });
  assert.deepEqual(moveInLines('ArrowLeft', { side: 'output', index: 0 }, w, 3), { side: 'source', index: 1 });
  assert.deepEqual(moveInLines('ArrowLeft', { side: 'source', index: 1 }, w, 3), { side: 'source', index: 1 });
  assert.equal(moveInLines('a', { side: 'source', index: 1 }, w, 3), undefined);
});

test('the tooltip names the strongest links of a token, either way', () => {
  const d = {
    rowTokens: ['X', 'Y'],
    colTokens: ['a', 'b', 'c'],
    weights: [
      [0.1, 0.9, 0],
      [0.2, 0.1, 0.7],
    ],
  };
  assert.equal(describeHighlight(d, 0, null), 'output 1: "X"\nattends to b 0.90, a 0.10, c 0.00');
  assert.equal(describeHighlight(d, null, 2), 'source 3: "c"\nattended by Y 0.70, X 0.00');
  assert.equal(describeHighlight(d, 1, 0), 'output 2: "Y"\nsource 1: "a"\nweight 0.200');
  assert.equal(describeHighlight(d, null, null), '');
});

test("the heatmap's colour scale: a weight painted and read back is the weight, to 8-bit precision", () => {
  const lo: [number, number, number] = [248, 248, 248];
  const hi: [number, number, number] = [40, 90, 160];
  assert.deepEqual(mix(lo, hi, 0), lo);
  assert.deepEqual(mix(lo, hi, 1), hi);
  for (const w of [0, 0.013, 0.25, 0.5, 0.77, 1]) assert.ok(Math.abs(unmix(lo, hi, mix(lo, hi, w)) - w) <= 0.5 / 208);
  // Dark themes run the other way (dark background, pale heat): the same inverse holds.
  assert.ok(Math.abs(unmix(hi, lo, mix(hi, lo, 0.3)) - 0.3) < 0.005);
  assert.equal(unmix(lo, lo, lo), 0, 'a flat scale reads as 0');
});
