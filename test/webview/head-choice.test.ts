import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Translation } from '../../src/core/translation';
import { chosenWeights, headOptions } from '../../src/webview/attention/head-choice';

// Two layers of two heads, one output token over two source tokens.
const heads = [
  [[[0.9, 0.1]], [[0.3, 0.7]]],
  [[[0.2, 0.8]], [[0.6, 0.4]]],
];
const translation: Translation = {
  text: 'x',
  tokens: ['x'],
  score: 0,
  logProb: 0,
  finished: true,
  attention: [[0.4, 0.6]], // the last layer's mean
  heads,
};

test('the options list the last layer mean first, as the default, then every layer and head', () => {
  assert.deepEqual(
    headOptions(translation).map((o) => o.value),
    ['1:mean', '1:0', '1:1', '0:mean', '0:0', '0:1'],
  );
  assert.match(headOptions(translation)[0].label, /^Layer 2 · mean of heads \(default\)$/);
  assert.deepEqual(headOptions({ ...translation, heads: undefined }), []);
});

test('a choice shows that head, or the layer mean; the default and stale choices show the alignment', () => {
  assert.deepEqual(chosenWeights(translation, '0:1'), [[0.3, 0.7]]);
  const mean = chosenWeights(translation, '0:mean')!;
  [0.6, 0.4].forEach((w, j) => assert.ok(Math.abs(mean[0][j] - w) < 1e-12));
  assert.deepEqual(chosenWeights(translation, null), translation.attention);
  assert.deepEqual(chosenWeights(translation, '7:0'), translation.attention);
  assert.deepEqual(chosenWeights(translation, '1:9'), translation.attention);
  assert.deepEqual(chosenWeights({ ...translation, heads: undefined }, '0:0'), translation.attention);
});
