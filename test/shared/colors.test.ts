import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clampWeight, heatColor, textColorOn } from '../../src/shared/colors';

const lightness = (hex: string) => [1, 3, 5].reduce((s, i) => s + parseInt(hex.slice(i, i + 2), 16), 0);

test('the scale runs from near white to dark blue and is monotone', () => {
  assert.equal(heatColor(0), '#f7fbff');
  assert.equal(heatColor(1), '#08306b');
  const steps = Array.from({ length: 11 }, (_, i) => lightness(heatColor(i / 10)));
  steps.slice(1).forEach((l, i) => assert.ok(l < steps[i], `step ${i + 1} is darker`));
});

test('out-of-range and broken weights are clamped; NaN is blank, not full', () => {
  assert.equal(clampWeight(-1), 0);
  assert.equal(clampWeight(2), 1);
  assert.equal(clampWeight(Number.NaN), 0);
  assert.equal(heatColor(Number.NaN), heatColor(0));
});

test('cell text switches to white on dark cells', () => {
  assert.equal(textColorOn(0.9), '#ffffff');
  assert.equal(textColorOn(0.1), '#1b1b1b');
});
