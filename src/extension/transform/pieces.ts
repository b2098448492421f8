// Which texts of the editor a transform sends to the model. Pure (no vscode import) so it is unit
// tested: each selected line is a sequence by default, or each selection as a whole; leading and
// trailing whitespace stays in the document (only the text between is replaced), empty lines are
// left alone, and an empty selection stands for its line.
export interface Position {
  line: number;
  character: number;
}
export interface Span {
  start: Position;
  end: Position;
}
export interface Piece extends Span {
  text: string;
}
export type SelectionUnit = 'line' | 'selection';

export function selectionPieces(
  lineText: (line: number) => string,
  selections: readonly Span[],
  unit: SelectionUnit,
): Piece[] {
  const pieces = [...selections]
    .sort((a, b) => compare(a.start, b.start))
    .flatMap((s) => {
      const lines = linePieces(lineText, s);
      return unit === 'line' || lines.length === 0 ? lines : [joinLines(lineText, lines[0], lines[lines.length - 1])];
    });
  // Two cursors on one line both stand for that line: keep the first of overlapping pieces.
  return pieces.filter((p, i) => i === 0 || compare(p.start, pieces[i - 1].end) >= 0);
}

function linePieces(lineText: (line: number) => string, s: Span): Piece[] {
  const isEmpty = compare(s.start, s.end) === 0;
  // A selection that ends at the start of a line does not include that line.
  const last = s.end.character === 0 && s.end.line > s.start.line ? s.end.line - 1 : s.end.line;
  const pieces: Piece[] = [];
  for (let line = s.start.line; line <= last; line++) {
    const text = lineText(line);
    const from = isEmpty || line > s.start.line ? 0 : s.start.character;
    const to = isEmpty || line < s.end.line ? text.length : s.end.character;
    const segment = text.slice(from, to);
    const trimmed = segment.trim();
    if (!trimmed) continue;
    const start = from + segment.length - segment.trimStart().length;
    pieces.push({ start: { line, character: start }, end: { line, character: start + trimmed.length }, text: trimmed });
  }
  return pieces;
}

/** One piece from the first to the last non-empty selected text; lines joined by "\n". */
function joinLines(lineText: (line: number) => string, first: Piece, last: Piece): Piece {
  const lines: string[] = [];
  for (let line = first.start.line; line <= last.end.line; line++) {
    const text = lineText(line);
    lines.push(
      text.slice(
        line === first.start.line ? first.start.character : 0,
        line === last.end.line ? last.end.character : text.length,
      ),
    );
  }
  return { start: first.start, end: last.end, text: lines.join('\n') };
}

function compare(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}
