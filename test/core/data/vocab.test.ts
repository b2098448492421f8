import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BOS, EOS, PAD, UNK, Vocab } from '../../../src/core/data/vocab';

const SEQUENCES = [
  ['b', 'a', 'c', 'a'],
  ['a', 'd', 'b', 'c'],
  ['a', 'e', '<s>'],
];
// Counts: a 4, b 2, c 2, d 1, e 1 ('<s>' is a special and is not counted again).

test('specials take ids 0..3, then tokens by frequency with ties in string order', () => {
  const vocab = Vocab.build(SEQUENCES);
  assert.deepEqual(vocab.toJSON(), [PAD, BOS, EOS, UNK, 'a', 'b', 'c', 'd', 'e']);
  assert.deepEqual([vocab.padId, vocab.bosId, vocab.eosId, vocab.unkId], [0, 1, 2, 3]);
  assert.deepEqual(
    [PAD, BOS, EOS, UNK].map((t) => vocab.id(t)),
    [0, 1, 2, 3],
  );
  assert.equal(vocab.size, 9);
});

test('minFreq and maxSize leave rare tokens out', () => {
  assert.deepEqual(Vocab.build(SEQUENCES, { minFreq: 2 }).toJSON().slice(4), ['a', 'b', 'c']);
  const capped = Vocab.build(SEQUENCES, { maxSize: 6 });
  assert.equal(capped.size, 6);
  assert.deepEqual(capped.toJSON().slice(4), ['a', 'b']);
  assert.throws(() => Vocab.build(SEQUENCES, { maxSize: 3 }), /maxSize must be at least 4/);
});

test('unknown tokens encode to unk and decode back as <unk>', () => {
  const vocab = Vocab.build(SEQUENCES, { minFreq: 2 });
  const ids = vocab.encode(['a', 'zebra', 'c', 'd']);
  assert.deepEqual(ids, [4, 3, 6, 3]);
  assert.deepEqual(vocab.decode(ids), ['a', UNK, 'c', UNK]);
  assert.equal(vocab.token(5), 'b');
  assert.throws(() => vocab.token(7), /outside the vocabulary \(size 7\)/);
  assert.throws(() => vocab.token(-1), RangeError);
});

test('JSON round trip keeps every id', () => {
  const vocab = Vocab.build(SEQUENCES);
  const restored = Vocab.fromJSON(JSON.parse(JSON.stringify(vocab)));
  assert.deepEqual(restored.toJSON(), vocab.toJSON());
  for (const token of vocab.toJSON()) assert.equal(restored.id(token), vocab.id(token));
});

test('fromJSON rejects malformed vocabularies with clear messages', () => {
  const bad: [unknown, RegExp][] = [
    [{ itos: [] }, /expected an array of token strings/],
    [[PAD, BOS, EOS], /id 3 must be "<unk>", got undefined/],
    [[BOS, PAD, EOS, UNK, 'a'], /id 0 must be "<pad>", got "<s>"/],
    [[PAD, BOS, EOS, UNK, 'a', 'b', 'a'], /duplicate token "a"/],
    [[PAD, BOS, EOS, UNK, 5], /entry 4 is not a string/],
  ];
  for (const [json, message] of bad) {
    assert.throws(
      () => Vocab.fromJSON(json),
      (err: Error) => err.message.startsWith('Invalid vocab JSON') && message.test(err.message),
    );
  }
});
