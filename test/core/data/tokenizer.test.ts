import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Tokenizer, WORD_BOUNDARY, learnTokenizer, tokenizerFromJSON } from '../../../src/core/data/tokenizer';
import { generateDatePairs } from '../../../src/core/data/dates';
import { makeRng, randomInt, type Rng } from '../../../src/core/util/random';

// Letters with accents and combining marks, digits, punctuation, an astral emoji and a CJK char.
const ALPHABET = ['a', 'b', 'Z', 'é', 'e\u0301', 'ß', '7', '0', '.', ',', '-', "'", '$', '😀', '日', '\t'];

function randomText(rng: Rng, maxLength: number, withSpaces: boolean): string {
  let text = '';
  const length = randomInt(rng, maxLength);
  for (let i = 0; i < length; i++) {
    // Single spaces between non-space characters: the documented word/bpe round-trip domain.
    if (withSpaces && i > 0 && i < length - 1 && !text.endsWith(' ') && rng() < 0.25) text += ' ';
    else text += ALPHABET[randomInt(rng, ALPHABET.length)].replace('\t', withSpaces ? 'x' : '\t');
  }
  return text;
}

const roundTrip = (tokenizer: Tokenizer, text: string) =>
  tokenizer.detokenize(tokenizer.tokenize(text).map((t) => t.text));

/** What the span covers in the input: the token without its boundary marker. */
function assertSpansCoverInput(tokenizer: Tokenizer, text: string, lowercase = false): void {
  let previousEnd = 0;
  for (const span of tokenizer.tokenize(text)) {
    assert.ok(span.start >= previousEnd && span.end > span.start, `bad span order in ${JSON.stringify(text)}`);
    const bare = span.text.startsWith(WORD_BOUNDARY) ? span.text.slice(WORD_BOUNDARY.length) : span.text;
    const covered = text.slice(span.start, span.end);
    assert.equal(lowercase ? covered.toLowerCase() : covered, bare);
    // The marker stands for whitespace right before the span (or for none at all otherwise).
    if (bare !== span.text) assert.match(text.slice(span.start - 1, span.start), /\s/);
    previousEnd = span.end;
  }
}

const CORPUS = [
  'the cat sat on the mat.',
  'the cats sat on the mats!',
  'then the other cat sat there, rather flat.',
  'on 3 May 2021 the cat ate 12 rats.',
  'Hello, world! The weather is nice.',
  'the mother and the father gathered together.',
];

test('char tokenizer round-trips any string and keeps surrogate pairs whole', () => {
  const char = learnTokenizer('char', []);
  const rng = makeRng(1);
  for (let k = 0; k < 500; k++) {
    const text = randomText(rng, 30, false) + (k % 2 ? '  ' : ' \n ');
    assert.equal(roundTrip(char, text), text);
    assertSpansCoverInput(char, text);
  }
  assert.deepEqual(
    char.tokenize('a 😀').map((t) => t.text),
    ['a', ' ', '😀'],
  );
  assert.deepEqual(char.tokenize('😀b')[1], { text: 'b', start: 2, end: 3 });
});

test('word tokenizer splits words, digit runs and each punctuation mark', () => {
  const word = learnTokenizer('word', []);
  assert.deepEqual(
    word.tokenize("it's 3.5$-ish, May3 2021!").map((t) => t.text),
    ['it', "'", 's', '▁3', '.', '5', '$', '-', 'ish', ',', '▁May', '3', '▁2021', '!'],
  );
  assert.deepEqual(word.tokenize('  hi'), [{ text: '▁hi', start: 2, end: 4 }]);
  assert.deepEqual(word.tokenize(' \t '), []);
});

test('word tokenizer round-trips strings with single spaces and spans point at the input', () => {
  const word = learnTokenizer('word', []);
  const rng = makeRng(2);
  for (let k = 0; k < 500; k++) {
    const text = randomText(rng, 40, true);
    assert.equal(roundTrip(word, text), text);
    assertSpansCoverInput(word, text);
  }
});

test('word tokenizer lowercases token text but spans still index the original', () => {
  const word = learnTokenizer('word', [], { lowercase: true });
  const text = 'Hello WORLD, İstanbul';
  assert.deepEqual(
    word.tokenize(text).map((t) => t.text),
    ['hello', '▁world', ',', '▁i̇stanbul'],
  );
  assertSpansCoverInput(word, text, true);
});

test('bpe learns merges that shorten the encoding and still round-trips', () => {
  const bpe = learnTokenizer('bpe', CORPUS, { bpeMerges: 60 });
  const char = learnTokenizer('char', []);
  const word = learnTokenizer('word', []);
  for (const text of CORPUS) {
    const pieces = bpe.tokenize(text);
    assert.equal(roundTrip(bpe, text), text);
    assertSpansCoverInput(bpe, text);
    // Never coarser than words, and strictly finer than characters once merges exist.
    assert.ok(pieces.length >= word.tokenize(text).length);
    assert.ok(pieces.length < char.tokenize(text).length);
  }
  const json = bpe.toJSON();
  assert.ok(json.kind === 'bpe' && json.merges.length > 0 && json.merges.length <= 60);
  assert.ok(bpe.tokenize('the cat').some((t) => t.text === '▁the' || t.text === '▁cat'));
});

test('more bpe merges never make the encoding longer', () => {
  const text = CORPUS.join(' ');
  let previous = Infinity;
  for (const merges of [0, 5, 20, 80]) {
    const length = learnTokenizer('bpe', CORPUS, { bpeMerges: merges }).tokenize(text).length;
    assert.ok(length <= previous, `${merges} merges gave ${length} tokens, fewer merges gave ${previous}`);
    previous = length;
  }
  assert.equal(
    learnTokenizer('bpe', CORPUS, { bpeMerges: 0 }).tokenize(text).length,
    [...text.replaceAll(' ', '')].length,
  );
});

test('bpe learning is deterministic and independent of corpus order', () => {
  const a = learnTokenizer('bpe', CORPUS, { bpeMerges: 50 }).toJSON();
  const b = learnTokenizer('bpe', [...CORPUS].reverse(), { bpeMerges: 50 }).toJSON();
  assert.deepEqual(a, b);
});

test('bpe merges the most frequent pair first and breaks ties lexicographically', () => {
  const firstMerge = (texts: string[]) => {
    const json = learnTokenizer('bpe', texts, { bpeMerges: 1 }).toJSON();
    return json.kind === 'bpe' ? json.merges : [];
  };
  assert.deepEqual(firstMerge(['cd', 'cd', 'cd', 'ab', 'ab']), [['c', 'd']]);
  // "cd" is seen first, but with equal counts "a b" sorts before "c d".
  assert.deepEqual(firstMerge(['cd', 'cd', 'ab', 'ab']), [['a', 'b']]);
  // Pairs seen only once are not worth a merge.
  assert.deepEqual(firstMerge(['ab', 'cd']), []);
});

test('bpe handles unseen characters, lowercase spans and random text', () => {
  const bpe = learnTokenizer(
    'bpe',
    CORPUS.map((s) => s.toUpperCase()),
    { bpeMerges: 40, lowercase: true },
  );
  const text = 'THE İSTANBUL CAT 😀 sat';
  assert.equal(
    bpe
      .tokenize(text)
      .map((t) => t.text)
      .join(''),
    'the▁i̇stanbul▁cat▁😀▁sat',
  );
  assertSpansCoverInput(bpe, text, true);
  const rng = makeRng(3);
  const cased = learnTokenizer('bpe', CORPUS, { bpeMerges: 40 });
  for (let k = 0; k < 300; k++) {
    const random = randomText(rng, 40, true);
    assert.equal(roundTrip(cased, random), random);
    assertSpansCoverInput(cased, random);
  }
});

test('every tokenizer survives a JSON round trip through the manifest', () => {
  const originals = [
    learnTokenizer('char', []),
    learnTokenizer('word', [], { lowercase: true }),
    learnTokenizer('bpe', CORPUS, { bpeMerges: 30, lowercase: true }),
  ];
  for (const original of originals) {
    const restored = tokenizerFromJSON(JSON.parse(JSON.stringify(original.toJSON())));
    assert.equal(restored.kind, original.kind);
    assert.deepEqual(restored.toJSON(), original.toJSON());
    for (const text of CORPUS) assert.deepEqual(restored.tokenize(text), original.tokenize(text));
  }
});

test('tokenizerFromJSON rejects malformed JSON with a message naming the problem', () => {
  const bad: [unknown, RegExp][] = [
    [null, /expected an object/],
    [['char'], /expected an object/],
    [{ kind: 'sentencepiece' }, /"kind" must be one of char, word, bpe/],
    [{ kind: 'word' }, /"lowercase" must be true or false/],
    [{ kind: 'bpe', lowercase: false }, /"merges" must be an array/],
    [{ kind: 'bpe', lowercase: false, merges: [['a', 'b'], ['c']] }, /merges\[1\] must be a pair/],
    [{ kind: 'bpe', lowercase: false, merges: [['a b', 'c']] }, /merges\[0\].*without whitespace/],
    [{ kind: 'bpe', lowercase: 'yes', merges: [] }, /"lowercase" must be true or false/],
  ];
  for (const [json, message] of bad) {
    assert.throws(
      () => tokenizerFromJSON(json),
      (err: Error) => err.message.startsWith('Invalid tokenizer JSON') && message.test(err.message),
    );
  }
});

// Textbook BPE that recounts every pair after each merge; the real learner updates counts
// incrementally, and must pick exactly the same merges.
function naiveMerges(texts: string[], count: number): [string, string][] {
  const words = texts.flatMap((t) =>
    learnTokenizer('word', [])
      .tokenize(t)
      .map((p) => {
        const chars = Array.from(p.text.replace(WORD_BOUNDARY, ''));
        if (p.text.startsWith(WORD_BOUNDARY)) chars[0] = WORD_BOUNDARY + chars[0];
        return chars;
      }),
  );
  const merges: [string, string][] = [];
  while (merges.length < count) {
    const counts = new Map<string, number>();
    for (const w of words)
      for (let i = 0; i + 1 < w.length; i++)
        counts.set(`${w[i]} ${w[i + 1]}`, (counts.get(`${w[i]} ${w[i + 1]}`) ?? 0) + 1);
    const [best, freq] = [...counts].sort(([a, ca], [b, cb]) => cb - ca || (a < b ? -1 : 1))[0] ?? ['', 0];
    if (freq < 2) break;
    const [left, right] = best.split(' ');
    merges.push([left, right]);
    for (const w of words) {
      for (let i = 0; i + 1 < w.length; i++) if (w[i] === left && w[i + 1] === right) w.splice(i, 2, left + right);
    }
  }
  return merges;
}

test('incremental bpe learning picks the same merges as recounting from scratch', () => {
  const texts = generateDatePairs(400, 5).map((p) => p.source);
  const json = learnTokenizer('bpe', texts, { bpeMerges: 150 }).toJSON();
  assert.deepEqual(json.kind === 'bpe' && json.merges, naiveMerges(texts, 150));
});
