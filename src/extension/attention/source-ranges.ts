// Where each source token sits in the editor. The transform kept the source's range; token offsets
// count into `source`, whose line breaks are "\n" whatever the document's EOL, so offsets are mapped
// line by line instead of through document offsets (CRLF would shift them). Pure: unit tested.
import type { TokenSpan } from '../../core/data/tokenizer';

export interface Pos {
  line: number;
  character: number;
}
export interface PosRange {
  start: Pos;
  end: Pos;
}

/** The editor position of `offset` in a source that starts at `start`. */
export function sourcePosition(start: Pos, source: string, offset: number): Pos {
  const before = source.slice(0, Math.max(0, Math.min(offset, source.length)));
  const lastBreak = before.lastIndexOf('\n');
  if (lastBreak < 0) return { line: start.line, character: start.character + before.length };
  return { line: start.line + before.split('\n').length - 1, character: before.length - lastBreak - 1 };
}

export function tokenRange(start: Pos, source: string, span: TokenSpan): PosRange {
  return { start: sourcePosition(start, source, span.start), end: sourcePosition(start, source, span.end) };
}

/** True when the document text of the item's range (EOL normalised) is still the source. */
export function sourceIsIntact(textInRange: string, source: string): boolean {
  return textInRange.replace(/\r\n?/g, '\n') === source;
}
