// Bytes to lines: the same splitting as readline, with undecodable and binary lines reported.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineDecoder, MAX_LINE_BYTES, decodeLines } from '../../../src/core/data/lines';

const texts = (bytes: Buffer) => decodeLines(bytes).map((l) => l.text ?? `!${l.problem}`);

test('splits on \\n, \\r\\n and a lone \\r; a final break adds no line', () => {
  assert.deepEqual(texts(Buffer.from('a\nb\r\nc\rd\n\ne')), ['a', 'b', 'c', 'd', '', 'e']);
  assert.deepEqual(texts(Buffer.from('a\r\n')), ['a']);
  assert.deepEqual(texts(Buffer.from('')), []);
});

test('a \\r\\n split across chunks is one break', () => {
  const d = new LineDecoder();
  const lines = [...d.push(Buffer.from('a\r')), ...d.push(Buffer.from('\nb')), ...d.end()];
  assert.deepEqual(
    lines.map((l) => l.text),
    ['a', 'b'],
  );
});

test('invalid UTF-8 names the byte where it starts; valid multi-byte text passes', () => {
  assert.deepEqual(texts(Buffer.from('caf\xe9\tx\n', 'latin1')), [
    '!invalid UTF-8 at byte 4 of the line: save the file as UTF-8',
  ]);
  // A complete two-byte é, then a byte that can never start a character.
  assert.deepEqual(texts(Buffer.concat([Buffer.from('é'), Buffer.from([0xff])])), [
    '!invalid UTF-8 at byte 3 of the line: save the file as UTF-8',
  ]);
  assert.deepEqual(texts(Buffer.from('日本\t語\n')), ['日本\t語']);
});

test('NUL bytes and over-long lines are binary problems, and the long line is not kept', () => {
  const [nul] = decodeLines(Buffer.from('a\0b\n'));
  assert.ok(nul.problem && 'binary' in nul && nul.binary);
  const d = new LineDecoder();
  const chunk = Buffer.alloc(64 * 1024, 0x61);
  for (let i = 0; i < MAX_LINE_BYTES / chunk.length + 2; i++) assert.deepEqual(d.push(chunk), []);
  const [long, next] = [...d.push(Buffer.from('\nok\n'))];
  assert.match(long.problem!, /line longer than 1 MB/);
  assert.equal(next.text, 'ok');
});
