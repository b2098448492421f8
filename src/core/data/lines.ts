// Bytes to lines, the way readline splits them (\n, \r\n or a lone \r), but checking each line's
// bytes on the way: invalid UTF-8 and NUL bytes become per-line problems (file:line) instead of
// U+FFFD in the vocabulary, and a line longer than MAX_LINE_BYTES is reported without being held
// in memory (a 50 MB "line" is a binary file or a wrong format, never a training pair).
import { TextDecoder } from 'node:util';

export const MAX_LINE_BYTES = 1 << 20;

export type DecodedLine =
  { text: string; problem?: undefined } | { text?: undefined; problem: string; binary?: boolean };

const LF = 0x0a;
const CR = 0x0d;

export class LineDecoder {
  private parts: Buffer[] = [];
  private length = 0;
  private overlong = false;
  private afterCR = false;
  private readonly utf8 = new TextDecoder('utf-8', { fatal: true });

  /** Feeds a chunk; returns the lines it completes. */
  push(chunk: Uint8Array): DecodedLine[] {
    const lines: DecodedLine[] = [];
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i];
      if (byte !== LF && byte !== CR) continue;
      // The \n of a \r\n pair: the line already ended at the \r.
      if (byte === LF && this.afterCR && i === start) {
        this.afterCR = false;
        start = i + 1;
        continue;
      }
      this.append(chunk.subarray(start, i));
      lines.push(this.take());
      this.afterCR = byte === CR;
      start = i + 1;
    }
    if (start < chunk.length) {
      this.append(chunk.subarray(start));
      this.afterCR = false;
    }
    return lines;
  }

  /** The last line, when the input does not end with a line break. */
  end(): DecodedLine[] {
    return this.length > 0 || this.overlong ? [this.take()] : [];
  }

  private append(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.afterCR = false;
    if (this.overlong) return;
    this.length += bytes.length;
    if (this.length > MAX_LINE_BYTES) {
      this.overlong = true;
      this.parts = [];
      return;
    }
    this.parts.push(Buffer.from(bytes));
  }

  private take(): DecodedLine {
    const bytes = Buffer.concat(this.parts, this.length);
    const overlong = this.overlong;
    this.parts = [];
    this.length = 0;
    this.overlong = false;
    if (overlong)
      return {
        problem:
          `line longer than ${MAX_LINE_BYTES / (1 << 20)} MB: ` +
          'not a corpus line (a binary file, or one without line breaks?)',
        binary: true,
      };
    return decodeLine(bytes, this.utf8);
  }
}

function decodeLine(bytes: Buffer, utf8: TextDecoder): DecodedLine {
  if (bytes.includes(0)) return { problem: 'NUL byte: this looks like binary data, not text', binary: true };
  try {
    return { text: utf8.decode(bytes) };
  } catch {
    return { problem: `invalid UTF-8 at byte ${firstInvalidByte(bytes)} of the line: save the file as UTF-8` };
  }
}

/** 1-based offset of the first byte where the line stops being valid UTF-8 (bisection on prefixes). */
function firstInvalidByte(bytes: Buffer): number {
  let lo = 0;
  let hi = bytes.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (validPrefix(bytes.subarray(0, mid))) lo = mid;
    else hi = mid - 1;
  }
  return incompleteTailStart(bytes.subarray(0, lo)) + 1;
}

/** Where the character cut off at the end of a valid prefix begins (the prefix's length if none is). */
function incompleteTailStart(prefix: Uint8Array): number {
  for (let k = prefix.length - 1; k >= Math.max(0, prefix.length - 3); k--) {
    if (prefix[k] >= 0xc0) {
      const expected = prefix[k] >= 0xf0 ? 4 : prefix[k] >= 0xe0 ? 3 : 2;
      return prefix.length - k < expected ? k : prefix.length;
    }
    if (prefix[k] < 0x80) break;
  }
  return prefix.length;
}

/** A prefix may end inside a character; streaming decoding holds such a tail back instead of failing. */
function validPrefix(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** Decodes a whole buffer into lines (the in-memory twin of the streaming reader). */
export function decodeLines(bytes: Uint8Array): DecodedLine[] {
  const decoder = new LineDecoder();
  return [...decoder.push(bytes), ...decoder.end()];
}
