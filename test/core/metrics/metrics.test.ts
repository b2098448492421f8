import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  charErrorRate,
  corpusBleu,
  corpusChrf,
  editDistance,
  exactMatch,
  tokenAccuracy,
  wordErrorRate,
} from '../../../src/core/metrics';
import { makeRng, randomInt } from '../../../src/core/util/random';

const chars = (s: string) => Array.from(s);

test('editDistance on textbook cases', () => {
  assert.equal(editDistance(chars('kitten'), chars('sitting')), 3);
  assert.equal(editDistance(chars('flaw'), chars('lawn')), 2);
  assert.equal(editDistance(chars(''), chars('abc')), 3);
  assert.equal(editDistance(chars('abc'), chars('')), 3);
  assert.equal(editDistance(chars('same'), chars('same')), 0);
  assert.equal(editDistance(['the', 'cat', 'sat'], ['the', 'sat']), 1);
  assert.equal(editDistance([1, 2, 3], [3, 2, 1]), 2);
});

// Full-matrix Levenshtein, written independently, as an oracle for the one-row version.
function fullMatrixDistance(a: string[], b: string[]): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return d[a.length][b.length];
}

test('editDistance agrees with the full DP matrix and is symmetric on random strings', () => {
  const rng = makeRng(7);
  const randomString = () => Array.from({ length: randomInt(rng, 12) }, () => 'abc'[randomInt(rng, 3)]);
  for (let k = 0; k < 300; k++) {
    const a = randomString();
    const b = randomString();
    assert.equal(editDistance(a, b), fullMatrixDistance(a, b), `${a.join('')} vs ${b.join('')}`);
    assert.equal(editDistance(a, b), editDistance(b, a));
  }
});

test('exactMatch counts identical strings only', () => {
  assert.equal(exactMatch(['a', 'b ', 'c', 'd'], ['a', 'b', 'c', 'x']), 0.5);
  assert.equal(exactMatch([], []), 0);
});

test('tokenAccuracy is position-wise over reference tokens', () => {
  // 2 of 3 in the first pair; the shifted second pair matches nowhere; 1 of 1 in the third.
  const acc = tokenAccuracy(
    [
      ['a', 'b', 'x'],
      ['z', 'p', 'q'],
      ['k', 'extra'],
    ],
    [['a', 'b', 'c'], ['p', 'q'], ['k']],
  );
  assert.equal(acc, 3 / 6);
});

test('charErrorRate and wordErrorRate are corpus-level ratios', () => {
  // 1 edit over 6 ref chars, then 3 edits over 2 ref chars: (1 + 3) / (6 + 2).
  assert.equal(charErrorRate(['kitten', 'abxyz'], ['sitten', 'ab']), 4 / 8);
  // Code points, not UTF-16 units: one emoji replaced by another is one edit.
  assert.equal(charErrorRate(['😀x'], ['😃x']), 1 / 2);
  assert.equal(wordErrorRate(['the cat  sat', 'hello'], ['the cat sat down', 'hello world']), 2 / 6);
});

test('every metric rejects hypothesis and reference lists of different lengths', () => {
  const cases: [string, () => unknown][] = [
    ['exactMatch', () => exactMatch(['a'], [])],
    ['tokenAccuracy', () => tokenAccuracy([['a']], [['a'], ['b']])],
    ['charErrorRate', () => charErrorRate(['a', 'b'], ['a'])],
    ['wordErrorRate', () => wordErrorRate([], ['a'])],
    ['corpusBleu', () => corpusBleu(['a'], ['a', 'b'])],
    ['corpusChrf', () => corpusChrf(['a', 'b'], ['a'])],
  ];
  for (const [name, call] of cases) {
    assert.throws(
      call,
      (err: Error) => err.message.startsWith(`${name}:`) && /hypotheses but \d+ references/.test(err.message),
    );
  }
});
