import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TransformRecord } from '../../src/shared/transform-record';
import { chosenAlternatives, currentSelection, INITIAL_STATE, withRecord } from '../../src/webview/attention/state';

const t = (text: string) => ({ text, tokens: [text], score: 0, logProb: 0, finished: true, attention: [[1]] });
const record = (createdAt: string): TransformRecord => ({
  modelName: 'm',
  createdAt,
  items: [0, 1].map((i) => ({
    documentUri: 'untitled:x',
    range: { start: { line: i, character: 0 }, end: { line: i, character: 1 } },
    source: 'a',
    sourceTokens: [{ text: 'a', start: 0, end: 1 }],
    translations: [t('x'), t('y')],
  })),
});

test("re-posting the same record keeps the person's choices; another record resets them", () => {
  const chosen = { ...withRecord(INITIAL_STATE, 1, record('t1')), item: 1, alternatives: [0, 1] };
  assert.deepEqual(currentSelection(withRecord(chosen, 2, record('t1'))), { item: 1, alternative: 1 });
  assert.deepEqual(currentSelection(withRecord(chosen, 3, record('t2'))), { item: 0, alternative: 0 });
});

test('stale indices are clamped to the data', () => {
  const s = { ...withRecord(INITIAL_STATE, 1, record('t1')), item: 9, alternatives: [0, 7] };
  assert.deepEqual(currentSelection(s), { item: 1, alternative: 1 });
  assert.deepEqual(chosenAlternatives(s), [0, 1]);
  assert.deepEqual(currentSelection(INITIAL_STATE), { item: 0, alternative: 0 });
});
