// Which editor text a transform sends to the model (src/extension/transform/pieces.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { selectionPieces, type Span } from '../../../src/extension/transform/pieces';

const LINES = ['  May 3, 2021', '', '\t1/2/2003  ', 'June 5 99'];
const line = (n: number) => LINES[n];
const span = (l1: number, c1: number, l2: number, c2: number): Span => ({
  start: { line: l1, character: c1 },
  end: { line: l2, character: c2 },
});

describe('selection pieces', () => {
  it(
    'splits a multi-line selection into lines, keeping indentation and trailing spaces outside, ' +
      'skipping empty lines',
    () => {
      assert.deepEqual(selectionPieces(line, [span(0, 0, 3, 9)], 'line'), [
        { start: { line: 0, character: 2 }, end: { line: 0, character: 13 }, text: 'May 3, 2021' },
        { start: { line: 2, character: 1 }, end: { line: 2, character: 9 }, text: '1/2/2003' },
        { start: { line: 3, character: 0 }, end: { line: 3, character: 9 }, text: 'June 5 99' },
      ]);
    },
  );

  it('does not take the line a selection ends at column 0 of', () => {
    assert.deepEqual(
      selectionPieces(line, [span(2, 0, 3, 0)], 'line').map((p) => p.text),
      ['1/2/2003'],
    );
  });

  it('uses the part of a line inside the selection', () => {
    assert.deepEqual(selectionPieces(line, [span(0, 6, 0, 13)], 'line'), [
      { start: { line: 0, character: 6 }, end: { line: 0, character: 13 }, text: '3, 2021' },
    ]);
  });

  it('takes the whole line for an empty selection, once per line for several cursors', () => {
    assert.deepEqual(
      selectionPieces(line, [span(3, 4, 3, 4), span(3, 1, 3, 1), span(0, 3, 0, 3)], 'line').map((p) => p.text),
      ['May 3, 2021', 'June 5 99'],
    );
  });

  it('keeps every cursor of a multi-cursor selection, in document order', () => {
    assert.deepEqual(
      selectionPieces(line, [span(3, 0, 3, 4), span(0, 2, 0, 5)], 'line').map((p) => p.text),
      ['May', 'June'],
    );
  });

  it('treats each selection as one sequence in whole-selection mode', () => {
    assert.deepEqual(selectionPieces(line, [span(0, 0, 3, 9)], 'selection'), [
      {
        start: { line: 0, character: 2 },
        end: { line: 3, character: 9 },
        text: 'May 3, 2021\n\n\t1/2/2003  \nJune 5 99',
      },
    ]);
  });

  it('gives nothing for a selection of empty lines', () => {
    assert.deepEqual(selectionPieces(line, [span(1, 0, 1, 0)], 'selection'), []);
  });
});
