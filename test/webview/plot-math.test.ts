import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extent, linePath, linearScale, niceTicks, tickLabel } from '../../src/webview/attention/training/plot-math';

test('linear scales map the domain ends to the range ends, and survive a single value', () => {
  const s = linearScale([0, 10], 100, 0);
  assert.equal(s.map(0), 100);
  assert.equal(s.map(10), 0);
  assert.ok(Number.isFinite(linearScale([5, 5], 0, 1).map(5)));
});

test('ticks are round numbers inside the range', () => {
  assert.deepEqual(niceTicks(0, 1), [0, 0.5, 1]);
  assert.deepEqual(niceTicks(0, 10, 5), [0, 2, 4, 6, 8, 10]);
  assert.deepEqual(niceTicks(0.13, 0.87, 4), [0.2, 0.4, 0.6, 0.8]);
});

test('extent pads the values and ignores non-finite ones', () => {
  assert.deepEqual(extent([0, 10, Number.NaN]), [-0.5, 10.5]);
  assert.deepEqual(extent([]), [0, 1]);
});

test('path data goes through the scaled points', () => {
  const x = linearScale([0, 1], 0, 10);
  const y = linearScale([0, 1], 10, 0);
  assert.equal(
    linePath(
      [
        [0, 0],
        [1, 1],
      ],
      x,
      y,
    ),
    'M0.0 10.0 L10.0 0.0',
  );
});

test('tick labels stay short', () => {
  assert.equal(tickLabel(0.25), '0.25');
  assert.equal(tickLabel(0.0001234), '1.23e-4');
  assert.equal(tickLabel(2000000), '2e+6');
  assert.equal(tickLabel(0), '0');
});
