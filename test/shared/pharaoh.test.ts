import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hardAlignment, pharaohLine } from '../../src/shared/export/pharaoh';

test('each output token links to its most attended source token, as source-target pairs', () => {
  const attention = [
    [0.7, 0.2, 0.1],
    [0.1, 0.1, 0.8],
    [0.2, 0.6, 0.2],
  ];
  assert.deepEqual(hardAlignment(attention), [
    [0, 0],
    [2, 1],
    [1, 2],
  ]);
  assert.equal(pharaohLine(attention), '0-0 2-1 1-2');
});

test('ties go to the first source token; NaN never wins; empty rows give no link', () => {
  assert.equal(pharaohLine([[0.5, 0.5], [Number.NaN, 0.1], []]), '0-0 1-1');
});

test('no attention gives an empty line', () => {
  assert.equal(pharaohLine(null), '');
});
