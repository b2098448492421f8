import assert from 'node:assert/strict';
import { test } from 'node:test';
import { escapeXml, heatmapSvg } from '../../src/shared/export/heatmap-svg';
import { svgLayout } from '../../src/shared/export/svg-layout';

const data = {
  title: 'm: a <b> → x',
  rowTokens: ['\u2581le', '<img src=x onerror=alert(1)>'],
  colTokens: ['\u2581the', '\u2581cat', '&'],
  weights: [
    [0.8, 0.1, 0.1],
    [0.2, 0.7, 0.1],
  ],
};

test('one rect per cell, coloured by weight, with escaped tokens', () => {
  const svg = heatmapSvg(data);
  assert.equal((svg.match(/<rect x=/g) ?? []).length, 6 + 1, 'six cells and the legend');
  assert.ok(!svg.includes('<img'), 'the injection token is escaped');
  assert.ok(svg.includes('&lt;img'));
  assert.ok(svg.includes('&amp;'));
  assert.ok(svg.includes('␣le'), 'whitespace markers are visible');
  assert.ok(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"'));
});

test('escapeXml removes characters XML cannot hold', () => {
  assert.equal(escapeXml('a\u0001b"\''), 'a\ufffdb&quot;&apos;');
});

test('long inputs grow the picture instead of squashing the cells', () => {
  const short = svgLayout(['a'], ['b', 'c']);
  const long = svgLayout(
    ['a'],
    Array.from({ length: 100 }, () => 'word'),
  );
  assert.equal(short.cell, long.cell);
  assert.ok(long.width >= long.left + 100 * long.cell);
});

test('labels are cut to a maximum, so one huge token does not push the grid away', () => {
  const huge = svgLayout(['x'.repeat(500)], ['y']);
  assert.ok(huge.left < 200);
});
