// Line-level parsers for each corpus format. Both the streaming reader and the in-memory parser
// feed physical lines through these, so a file gives the same pairs and problems either way.
import type { CorpusOptions, CorpusProblem, Pair } from './corpus-types';

export interface Collected {
  pairs: Pair[];
  problems: CorpusProblem[];
}

/** Takes physical lines in order, numbered from 1; `end` flushes a record still open at EOF. */
export interface LineParser {
  line(text: string, lineNo: number): void;
  /** A line that could not be decoded (reported by the caller); it ends any record it interrupts. */
  skip(lineNo: number): void;
  end(): void;
}

/**
 * A quoted CSV field may span lines, but one that runs on this long is an unbalanced quote that
 * would swallow the rest of the file as one bad record.
 */
export const MAX_CSV_RECORD_LINES = 50;

const BOM = '\uFEFF';

// Defaults tried in order when the caller names no keys; the first pair present in the object wins.
const DEFAULT_JSON_KEYS: readonly [string, string][] = [
  ['source', 'target'],
  ['src', 'tgt'],
  ['input', 'output'],
];

/** Same splitting as readline: \r\n, \r or \n; a final newline does not start an extra line. */
export function splitLines(text: string): string[] {
  const lines = text.split(/\r\n|\r|\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export function createLineParser(
  format: 'tsv' | 'csv' | 'jsonl',
  file: string,
  options: CorpusOptions,
  out: Collected,
): LineParser {
  // A `source,target` header is a spreadsheet habit; JSONL names its fields on every line instead.
  const records = new RecordSink(file, out, format !== 'jsonl');
  if (format === 'csv') return new CsvParser(records);
  const parseLine = format === 'tsv' ? parseTsvLine : (text: string) => parseJsonLine(text, options);
  return {
    line(text, lineNo) {
      const clean = lineNo === 1 ? stripBom(text) : text;
      if (clean.trim() !== '') records.add(parseLine(clean), lineNo);
    },
    skip() {},
    end() {},
  };
}

/** Paired files are read in lockstep; a line blank on both sides is skipped like any blank line. */
export function addPairedLine(
  sourceLine: string,
  targetLine: string,
  lineNo: number,
  files: { source: string; target: string },
  out: Collected,
): void {
  const source = (lineNo === 1 ? stripBom(sourceLine) : sourceLine).trim();
  const target = (lineNo === 1 ? stripBom(targetLine) : targetLine).trim();
  if (source === '' && target === '') return;
  if (source === '') out.problems.push({ file: files.source, line: lineNo, reason: 'empty source' });
  else if (target === '') out.problems.push({ file: files.target, line: lineNo, reason: 'empty target' });
  else out.pairs.push({ source, target, file: files.source, line: lineNo });
}

type Parsed = { fields: string[] } | { problem: string };

/**
 * Turns parsed records into pairs or problems. Surrounding whitespace is trimmed because it is
 * invisible in the editor and would only teach a char model to emit stray spaces.
 */
class RecordSink {
  private seenRecord = false;

  constructor(
    private readonly file: string,
    private readonly out: Collected,
    private readonly mayHaveHeader: boolean,
  ) {}

  add(parsed: Parsed, line: number): void {
    const first = !this.seenRecord;
    this.seenRecord = true;
    if ('problem' in parsed) return this.problem(line, parsed.problem);
    const [source, target] = parsed.fields.map((f) => f.trim());
    if (first && this.mayHaveHeader && source.toLowerCase() === 'source' && target.toLowerCase() === 'target') return;
    if (source === '') this.problem(line, 'empty source');
    else if (target === '') this.problem(line, 'empty target');
    else this.out.pairs.push({ source, target, file: this.file, line });
  }

  problem(line: number, reason: string): void {
    this.out.problems.push({ file: this.file, line, reason });
  }
}

function stripBom(text: string): string {
  return text.startsWith(BOM) ? text.slice(BOM.length) : text;
}

function parseTsvLine(text: string): Parsed {
  const fields = text.split('\t');
  return fields.length === 2 ? { fields } : { problem: `expected 2 tab-separated columns, found ${fields.length}` };
}

function parseJsonLine(text: string, options: CorpusOptions): Parsed {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { problem: `invalid JSON: ${(err as Error).message}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { problem: `expected a JSON object, found ${describe(value)}` };
  }
  const record = value as Record<string, unknown>;
  const fields: string[] = [];
  for (const key of pickKeys(record, options)) {
    if (!Object.hasOwn(record, key)) return { problem: `missing key "${key}"` };
    const field = record[key];
    if (typeof field !== 'string') return { problem: `key "${key}" must be a string, found ${describe(field)}` };
    fields.push(field);
  }
  return { fields };
}

function pickKeys(record: Record<string, unknown>, options: CorpusOptions): [string, string] {
  if (options.sourceKey !== undefined || options.targetKey !== undefined) {
    return [options.sourceKey ?? 'source', options.targetKey ?? 'target'];
  }
  const present = DEFAULT_JSON_KEYS.find(([s, t]) => Object.hasOwn(record, s) || Object.hasOwn(record, t));
  return present ?? DEFAULT_JSON_KEYS[0];
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}

/**
 * RFC 4180 records. A quoted field may span lines; the record keeps the line number where it
 * started, which is where the user has to look. A quote that never closes (by EOF, or within
 * MAX_CSV_RECORD_LINES lines) is reported at its line, and the lines after it are read again as
 * records of their own, so one stray quote costs one line, not the rest of the file.
 */
class CsvParser implements LineParser {
  private fields: string[] = [];
  private field = '';
  private inQuotes = false;
  private afterQuote = false;
  private startLine = 0;
  /** The physical lines of the open multi-line record after its first, for replay on recovery. */
  private continued: { text: string; lineNo: number }[] = [];

  constructor(private readonly records: RecordSink) {}

  line(raw: string, lineNo: number): void {
    const text = lineNo === 1 ? stripBom(raw) : raw;
    if (!this.inQuotes) {
      if (text.trim() === '') return;
      this.startLine = lineNo;
    } else {
      this.continued.push({ text, lineNo });
    }
    const problem = this.scan(text);
    if (problem) {
      this.records.add({ problem }, this.startLine);
      this.reset();
    } else if (this.inQuotes) {
      this.field += '\n';
      if (this.continued.length >= MAX_CSV_RECORD_LINES) this.recover();
    } else {
      this.fields.push(this.field);
      this.records.add(this.checkColumns(this.fields), this.startLine);
      this.reset();
    }
  }

  skip(): void {
    if (this.inQuotes) this.recover();
  }

  end(): void {
    while (this.inQuotes) this.recover();
    this.reset();
  }

  /** Reports the unclosed quote at its line and reads the lines it swallowed again. */
  private recover(): void {
    const swallowed = this.continued;
    this.records.add(
      { problem: 'unterminated quoted field: a quote opened on this line never closes' },
      this.startLine,
    );
    this.reset();
    for (const { text, lineNo } of swallowed) this.line(text, lineNo);
  }

  /** Consumes one physical line; returns a problem, or leaves the state for the caller to close. */
  private scan(text: string): string | undefined {
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (this.inQuotes) {
        if (ch !== '"') this.field += ch;
        else if (text[i + 1] === '"') this.field += text[++i];
        else [this.inQuotes, this.afterQuote] = [false, true];
      } else if (ch === ',') {
        this.fields.push(this.field);
        [this.field, this.afterQuote] = ['', false];
      } else if (this.afterQuote) {
        return `unexpected character ${JSON.stringify(ch)} after a closing quote`;
      } else if (ch === '"' && this.field === '') {
        this.inQuotes = true;
      } else {
        this.field += ch;
      }
    }
    return undefined;
  }

  private checkColumns(fields: string[]): Parsed {
    return fields.length === 2 ? { fields } : { problem: `expected 2 comma-separated columns, found ${fields.length}` };
  }

  private reset(): void {
    this.fields = [];
    this.field = '';
    this.inQuotes = false;
    this.afterQuote = false;
    this.continued = [];
  }
}
