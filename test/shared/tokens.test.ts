import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tokenDescription, tokenPieces, tokenText, truncate } from '../../src/shared/tokens';

test('a word-boundary marker becomes a visible space mark apart from the text', () => {
  assert.deepEqual(tokenPieces('\u2581chat'), [
    { kind: 'space', text: '␣' },
    { kind: 'text', text: 'chat' },
  ]);
  assert.equal(tokenText('\u2581chat'), '␣chat');
  assert.equal(tokenDescription('\u2581chat'), '"chat" after a space');
});

test('character tokens: space, tab and newline are visible', () => {
  assert.equal(tokenText(' '), '·');
  assert.equal(tokenText('\t'), '→');
  assert.equal(tokenText('\n'), '↵');
  assert.equal(tokenDescription(' '), 'space');
});

test('special tokens are marked, HTML-like tokens stay plain text', () => {
  assert.deepEqual(tokenPieces('</s>'), [{ kind: 'special', text: '</s>' }]);
  assert.deepEqual(tokenPieces('<unk>'), [{ kind: 'special', text: '<unk>' }]);
  assert.deepEqual(tokenPieces('<img src=x onerror=alert(1)>'), [
    { kind: 'text', text: '<img' },
    { kind: 'space', text: '·' },
    { kind: 'text', text: 'src=x' },
    { kind: 'space', text: '·' },
    { kind: 'text', text: 'onerror=alert(1)>' },
  ]);
  assert.equal(tokenText(''), '∅');
});

test('truncate cuts by code point and marks the cut', () => {
  assert.equal(truncate('abcdef', 10), 'abcdef');
  assert.equal(truncate('abcdef', 4), 'abc…');
  assert.equal(truncate('😀😀😀😀', 3), '😀😀…');
});
