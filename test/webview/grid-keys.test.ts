import assert from 'node:assert/strict';
import { test } from 'node:test';
import { moveInGrid } from '../../src/webview/attention/grid-keys';

test('arrows move one cell and stop at the edges', () => {
  assert.deepEqual(moveInGrid('ArrowRight', { row: 0, col: 0 }, 3, 4), { row: 0, col: 1 });
  assert.deepEqual(moveInGrid('ArrowRight', { row: 0, col: 3 }, 3, 4), { row: 0, col: 3 });
  assert.deepEqual(moveInGrid('ArrowDown', { row: 2, col: 1 }, 3, 4), { row: 2, col: 1 });
});

test('the header row and column are reachable, the corner is not', () => {
  assert.deepEqual(moveInGrid('ArrowLeft', { row: 1, col: 0 }, 3, 4), { row: 1, col: -1 });
  assert.deepEqual(moveInGrid('ArrowUp', { row: 0, col: 2 }, 3, 4), { row: -1, col: 2 });
  assert.deepEqual(moveInGrid('ArrowUp', { row: 0, col: -1 }, 3, 4), { row: 0, col: -1 });
  assert.deepEqual(moveInGrid('ArrowLeft', { row: -1, col: 0 }, 3, 4), { row: -1, col: 0 });
});

test('Home/End go to the row ends; with Ctrl to the grid corners', () => {
  assert.deepEqual(moveInGrid('End', { row: 1, col: 0 }, 3, 4), { row: 1, col: 3 });
  assert.deepEqual(moveInGrid('Home', { row: 1, col: 2 }, 3, 4), { row: 1, col: -1 });
  assert.deepEqual(moveInGrid('End', { row: 0, col: 0 }, 3, 4, true), { row: 2, col: 3 });
});

test("other keys are not the grid's", () => {
  assert.equal(moveInGrid('a', { row: 0, col: 0 }, 3, 4), undefined);
});
