// Host-side mapping of token offsets to editor positions (pure; lives with the panel's host code).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sourceIsIntact, sourcePosition, tokenRange } from '../../../src/extension/attention/source-ranges';

test('single-line sources shift by the range start', () => {
  assert.deepEqual(tokenRange({ line: 3, character: 2 }, 'the cat', { text: '\u2581cat', start: 4, end: 7 }), {
    start: { line: 3, character: 6 },
    end: { line: 3, character: 9 },
  });
});

test('multi-line sources continue at column 0 of the following lines', () => {
  const source = 'ab\ncd\nef';
  assert.deepEqual(sourcePosition({ line: 5, character: 4 }, source, 1), { line: 5, character: 5 });
  assert.deepEqual(sourcePosition({ line: 5, character: 4 }, source, 3), { line: 6, character: 0 });
  assert.deepEqual(sourcePosition({ line: 5, character: 4 }, source, 7), { line: 7, character: 1 });
});

test('a CRLF document still holds a "\\n"-joined source', () => {
  assert.ok(sourceIsIntact('ab\r\ncd', 'ab\ncd'));
  assert.ok(!sourceIsIntact('le chat', 'the cat'));
});
