import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diffSegments, errorRate, filterPairs, lengthBuckets, worstFirst } from '../../src/shared/evaluation/analysis';
import { pairsCsv, pairsJsonl } from '../../src/shared/evaluation/export';
import type { EvaluatedPair } from '../../src/core/evaluation-report';
import { parseEvaluationMessage } from '../../src/shared/evaluation-messages';

const pair = (index: number, reference: string, output: string, distance: number, sourceTokens = 5): EvaluatedPair => ({
  index,
  source: `src ${index}`,
  reference,
  output,
  sourceTokens,
  distance,
});

const PAIRS = [
  pair(0, '2021-05-03', '2021-05-03', 0, 12),
  pair(1, '1999-12-25', '1999-12-52', 2, 8),
  pair(2, '2015-03-14', '2015-03-04', 1, 16),
  pair(3, 'ab', 'ba', 2, 3),
  pair(4, '2001-01-01', '2001-01-01', 0, 20),
];

test('worst first: the error rate (edits per reference character), then the edits, then corpus order', () => {
  assert.equal(errorRate(PAIRS[1]), 0.2);
  assert.equal(errorRate(pair(9, '', 'x', 1)), 1, 'an empty reference counts as one character');
  assert.deepEqual(
    worstFirst(PAIRS).map((p) => p.index),
    [3, 1, 2, 0, 4],
  );
  assert.deepEqual(
    PAIRS.map((p) => p.index),
    [0, 1, 2, 3, 4],
    'the input is not reordered',
  );
});

test('filters by text (any side, any case), by source length (inclusive) and to the errors', () => {
  assert.deepEqual(
    filterPairs(PAIRS, { text: '1999' }).map((p) => p.index),
    [1],
  );
  assert.deepEqual(
    filterPairs(PAIRS, { text: 'SRC 2' }).map((p) => p.index),
    [2],
  );
  assert.deepEqual(
    filterPairs(PAIRS, { text: '-04' }).map((p) => p.index),
    [2],
    'found in the output alone',
  );
  assert.deepEqual(
    filterPairs(PAIRS, { minLength: 8, maxLength: 16 }).map((p) => p.index),
    [0, 1, 2],
  );
  assert.deepEqual(
    filterPairs(PAIRS, { errorsOnly: true, minLength: 4 }).map((p) => p.index),
    [1, 2],
  );
  assert.equal(filterPairs(PAIRS, { text: '  ' }).length, 5, 'a blank text filters nothing');
});

test('the diff marks what the output lacks and what it adds, by character or by word', () => {
  assert.deepEqual(diffSegments('1999-12-25', '1999-12-52', 'char'), [
    { kind: 'same', text: '1999-12-' },
    { kind: 'missing', text: '2' },
    { kind: 'same', text: '5' },
    { kind: 'extra', text: '2' },
  ]);
  assert.deepEqual(diffSegments('the black cat', 'the white cat', 'word'), [
    { kind: 'same', text: 'the ' },
    { kind: 'missing', text: 'black' },
    { kind: 'extra', text: 'white' },
    { kind: 'same', text: ' cat' },
  ]);
  // Reassembling gives both texts back.
  const segs = diffSegments('2015-03-14', '2015-03-04', 'char');
  assert.equal(
    segs
      .filter((s) => s.kind !== 'extra')
      .map((s) => s.text)
      .join(''),
    '2015-03-14',
  );
  assert.equal(
    segs
      .filter((s) => s.kind !== 'missing')
      .map((s) => s.text)
      .join(''),
    '2015-03-04',
  );
});

test('accuracy by source length: equal-width buckets over the range, empty ones kept', () => {
  assert.deepEqual(lengthBuckets(PAIRS, 4), [
    { from: 3, to: 7, pairs: 1, exact: 0 },
    { from: 8, to: 12, pairs: 2, exact: 1 },
    { from: 13, to: 17, pairs: 1, exact: 0 },
    { from: 18, to: 20, pairs: 1, exact: 1 },
  ]);
  assert.deepEqual(lengthBuckets([pair(0, 'a', 'a', 0, 7)]), [{ from: 7, to: 7, pairs: 1, exact: 1 }]);
  assert.deepEqual(lengthBuckets([]), []);
  const wide = lengthBuckets(
    Array.from({ length: 100 }, (_, k) => pair(k, 'a', 'b', 1, k)),
    12,
  );
  assert.ok(wide.length <= 12);
  assert.equal(
    wide.reduce((n, b) => n + b.pairs, 0),
    100,
  );
});

test('CSV quotes every field (RFC 4180) and JSONL holds the same columns', () => {
  const tricky = { ...pair(7, 'say "hi", ok', 'line\nbreak', 3, 4), source: 'a,b' };
  assert.equal(
    pairsCsv([tricky]),
    'index,source,reference,output,exact,distance,errorRate,sourceTokens\r\n' +
      '"7","a,b","say ""hi"", ok","line\nbreak","false","3","0.25","4"\r\n',
  );
  const rows = pairsJsonl([tricky, PAIRS[0]])
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.deepEqual(rows[0], {
    index: 7,
    source: 'a,b',
    reference: 'say "hi", ok',
    output: 'line\nbreak',
    exact: false,
    distance: 3,
    errorRate: 0.25,
    sourceTokens: 4,
  });
  assert.equal(rows[1].exact, true);
});

test('page messages: well-formed ones come through as fresh copies, others are dropped', () => {
  assert.deepEqual(parseEvaluationMessage({ type: 'showPair', index: 3, extra: 1 }), { type: 'showPair', index: 3 });
  assert.deepEqual(parseEvaluationMessage({ type: 'export', format: 'csv', filter: { text: 'x', minLength: 2 } }), {
    type: 'export',
    format: 'csv',
    filter: { text: 'x', minLength: 2, maxLength: undefined, errorsOnly: undefined },
  });
  for (const bad of [
    null,
    { type: 'showPair', index: -1 },
    { type: 'showPair', index: 1.5 },
    { type: 'export', format: 'xlsx', filter: {} },
    { type: 'export', format: 'csv', filter: { minLength: 'x' } },
    { type: 'rendered', shown: { matching: 1, total: 2, indices: [0, 'a'] } },
    { type: 'nope' },
  ])
    assert.equal(parseEvaluationMessage(bad), undefined, JSON.stringify(bad));
});
