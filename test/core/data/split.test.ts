import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { splitByHash } from '../../../src/core/data/split';

const ITEMS = Array.from({ length: 10_000 }, (_, i) => ({ source: `sentence ${i}`, target: `t${i}` }));
const bySource = (p: { source: string }) => p.source;

test('fractions are roughly respected on 10k items', () => {
  const split = splitByHash(ITEMS, bySource);
  assert.equal(split.train.length + split.valid.length + split.test.length, ITEMS.length);
  // Binomial sd for 10k draws at p = 0.1 is 30; 150 is five of them.
  assert.ok(Math.abs(split.valid.length - 1000) < 150, `valid ${split.valid.length}`);
  assert.ok(Math.abs(split.test.length - 1000) < 150, `test ${split.test.length}`);
  const custom = splitByHash(ITEMS, bySource, { validFraction: 0.05, testFraction: 0.3 });
  assert.ok(Math.abs(custom.valid.length - 500) < 110, `valid ${custom.valid.length}`);
  assert.ok(Math.abs(custom.test.length - 3000) < 230, `test ${custom.test.length}`);
});

test('the side is a pure function of the key, independent of order and neighbours', () => {
  const a = splitByHash(ITEMS, bySource);
  const b = splitByHash([...ITEMS].reverse().slice(0, 5000), bySource);
  const sideOf = (split: typeof a) => {
    const side = new Map<string, string>();
    for (const name of ['train', 'valid', 'test'] as const) for (const item of split[name]) side.set(item.source, name);
    return side;
  };
  const sideA = sideOf(a);
  for (const [key, side] of sideOf(b)) assert.equal(side, sideA.get(key), key);
});

test('the documented hash rule: first 4 SHA-256 bytes as a big-endian fraction', () => {
  const keys = ITEMS.slice(0, 500).map(bySource);
  const split = splitByHash(keys, (k) => k, { validFraction: 0.2, testFraction: 0.3 });
  for (const key of keys) {
    const u = createHash('sha256').update(key).digest().readUInt32BE(0) / 2 ** 32;
    const expected = u < 0.3 ? split.test : u < 0.5 ? split.valid : split.train;
    assert.ok(expected.includes(key), `${key} (u = ${u})`);
  }
});

test('duplicates land on the same side, so test never sees a training pair', () => {
  const withDuplicates = [...ITEMS.slice(0, 2000), ...ITEMS.slice(0, 2000).map((p) => ({ ...p }))];
  const split = splitByHash(withDuplicates, bySource);
  const trainKeys = new Set(split.train.map(bySource));
  for (const item of [...split.valid, ...split.test]) assert.ok(!trainKeys.has(item.source), item.source);
  const testKeys = split.test.map(bySource);
  assert.equal(new Set(testKeys).size * 2, testKeys.length);
});

test('extreme and invalid fractions', () => {
  assert.equal(splitByHash(ITEMS, bySource, { validFraction: 0, testFraction: 0 }).train.length, ITEMS.length);
  assert.equal(splitByHash(ITEMS, bySource, { validFraction: 0, testFraction: 1 }).test.length, ITEMS.length);
  assert.throws(() => splitByHash(ITEMS, bySource, { validFraction: 0.6, testFraction: 0.6 }), /sum to at most 1/);
  assert.throws(() => splitByHash(ITEMS, bySource, { validFraction: -0.1 }), /must be in \[0, 1\]/);
  assert.throws(() => splitByHash(ITEMS, bySource, { testFraction: NaN }), /must be in \[0, 1\]/);
});
