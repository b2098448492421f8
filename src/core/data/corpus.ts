// Reading parallel corpora (tsv, csv, jsonl or a pair of line-aligned files). Bad lines never
// abort a read: they are collected as problems so the editor can list them all at once.
import { createReadStream, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { addPairedLine, createLineParser, splitLines, type Collected, type LineParser } from './corpus-formats';
import type { CorpusFormat, CorpusOptions, CorpusProblem, Pair } from './corpus-types';
import { LineDecoder, decodeLines, type DecodedLine } from './lines';

// The types live in a leaf module that corpus-formats.ts imports too (no module cycle).
export type { CorpusFormat, CorpusOptions, CorpusProblem, Pair } from './corpus-types';

/**
 * The one error the corpus readers throw (a file that cannot be read, paired files that do not
 * line up, a file that is not a text corpus). Bad lines are never errors: they are problems.
 */
export class CorpusError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CorpusError';
  }
}

/** Above this share of malformed records, a file is more likely the wrong file than a corpus. */
export const MAX_MALFORMED_SHARE = 0.5;

export interface Corpus {
  pairs: Pair[];
  problems: CorpusProblem[];
  format: CorpusFormat;
  files: string[];
}

const EXTENSION_FORMATS: Record<string, CorpusFormat> = {
  '.tsv': 'tsv',
  '.tab': 'tsv',
  '.csv': 'csv',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
};

const TARGET_EXTENSIONS: Record<string, string> = { '.src': '.tgt', '.source': '.target', '.in': '.out' };

export function detectFormat(file: string): CorpusFormat {
  return EXTENSION_FORMATS[path.extname(file).toLowerCase()] ?? 'paired';
}

/** name.src -> name.tgt (also .source/.target, .in/.out), else the only sibling sharing the stem. */
export function findTargetFile(sourceFile: string): string | undefined {
  const { dir, name, ext, base } = path.parse(sourceFile);
  const conventional = TARGET_EXTENSIONS[ext];
  if (conventional && isFile(path.join(dir, name + conventional))) return path.join(dir, name + conventional);
  const siblings = listDir(dir).filter(
    (entry) => entry !== base && path.parse(entry).name === name && isFile(path.join(dir, entry)),
  );
  return siblings.length === 1 ? path.join(dir, siblings[0]) : undefined;
}

export function formatProblem(p: CorpusProblem): string {
  return `${p.file}:${p.line}: ${p.reason}`;
}

export function parseCorpusText(text: string, file: string, options: CorpusOptions = {}): Corpus {
  const format = options.format ?? detectFormat(file);
  if (format === 'paired') {
    throw new CorpusError(`${file}: a paired corpus needs both sides; use parsePairedTexts instead of parseCorpusText`);
  }
  const out = emptyCollected();
  const parser = createLineParser(format, file, options, out);
  splitLines(text).forEach((line, i) => parser.line(line, i + 1));
  parser.end();
  return { ...out, format, files: [file] };
}

/** Like parseCorpusText, from the file's bytes: invalid UTF-8 and binary lines become problems. */
export function parseCorpusBytes(bytes: Uint8Array, file: string, options: CorpusOptions = {}): Corpus {
  const format = options.format ?? detectFormat(file);
  if (format === 'paired') throw new CorpusError(`${file}: a paired corpus needs both sides; use parsePairedBytes`);
  const out = emptyCollected();
  const parser = createLineParser(format, file, options, out);
  decodeLines(bytes).forEach((line, i) => feed(parser, line, i + 1, file, out));
  parser.end();
  return { ...out, format, files: [file] };
}

export function parsePairedBytes(
  sourceBytes: Uint8Array,
  targetBytes: Uint8Array,
  sourceFile: string,
  targetFile: string,
): Corpus {
  const sources = decodeLines(sourceBytes);
  const targets = decodeLines(targetBytes);
  if (sources.length !== targets.length)
    throw lineCountMismatch(sourceFile, sources.length, targetFile, targets.length);
  const out = emptyCollected();
  const files = { source: sourceFile, target: targetFile };
  sources.forEach((source, i) => addDecodedPair(source, targets[i], i + 1, files, out));
  return { ...out, format: 'paired', files: [sourceFile, targetFile] };
}

/**
 * Refuses a corpus that is not one: binary lines, or more than half of the records malformed. The
 * message gives the share and the first problem; `force` reads such a file anyway.
 */
export function assessCorpus(corpus: Corpus, options: { force?: boolean } = {}): Corpus {
  const records = corpus.pairs.length + corpus.problems.length;
  const binary = corpus.problems.filter((p) => p.binary).length;
  const share = records ? corpus.problems.length / records : 0;
  if (options.force || (binary === 0 && share <= MAX_MALFORMED_SHARE)) return corpus;
  const first = corpus.problems.find((p) => p.binary) ?? corpus.problems[0];
  const what = binary
    ? `${binary} of its lines are not text`
    : `${corpus.problems.length} of ${records} records (${Math.round(100 * share)}%) are malformed`;
  throw new CorpusError(
    `${corpus.files.join(' + ')} does not look like a ${corpus.format} corpus: ${what} ` +
      `(first: ${formatProblem(first)}). Check the file and its format, ` +
      `or force it (--force) to use its ${corpus.pairs.length} good pairs.`,
  );
}

/** What share of a corpus's records are malformed, for the warning line. */
export function malformedShare(corpus: Corpus): number {
  const records = corpus.pairs.length + corpus.problems.length;
  return records ? corpus.problems.length / records : 0;
}

export function parsePairedTexts(
  sourceText: string,
  targetText: string,
  sourceFile: string,
  targetFile: string,
): Corpus {
  const sources = splitLines(sourceText);
  const targets = splitLines(targetText);
  if (sources.length !== targets.length)
    throw lineCountMismatch(sourceFile, sources.length, targetFile, targets.length);
  const out = emptyCollected();
  const files = { source: sourceFile, target: targetFile };
  sources.forEach((source, i) => addPairedLine(source, targets[i], i + 1, files, out));
  return { ...out, format: 'paired', files: [sourceFile, targetFile] };
}

/**
 * Streams line by line, so large corpora never sit in memory as one string. Throws CorpusError for
 * a file that cannot be read or is not a corpus (see assessCorpus; `force` reads it anyway).
 */
export async function readCorpus(file: string, options: CorpusOptions = {}): Promise<Corpus> {
  const format = options.format ?? detectFormat(file);
  if (format === 'paired')
    return assessCorpus(await readPairedFiles(file, options.targetFile ?? requireTargetFile(file)), options);
  const out = emptyCollected();
  const parser = createLineParser(format, file, options, out);
  let lineNo = 0;
  for await (const line of readLines(file)) feed(parser, line, ++lineNo, file, out);
  parser.end();
  return assessCorpus({ ...out, format, files: [file] }, options);
}

/** A decoded line goes to the format's parser; an undecodable one is a problem of its own. */
function feed(parser: LineParser, line: DecodedLine, lineNo: number, file: string, out: Collected): void {
  if (line.problem === undefined) parser.line(line.text, lineNo);
  else {
    parser.skip(lineNo);
    out.problems.push({ file, line: lineNo, reason: line.problem, ...(line.binary ? { binary: true } : {}) });
  }
}

function addDecodedPair(
  source: DecodedLine,
  target: DecodedLine,
  lineNo: number,
  files: { source: string; target: string },
  out: Collected,
): void {
  const bad =
    source.problem !== undefined
      ? { file: files.source, line: source }
      : target.problem !== undefined
        ? { file: files.target, line: target }
        : undefined;
  if (!bad) return addPairedLine(source.text!, target.text!, lineNo, files, out);
  out.problems.push({
    file: bad.file,
    line: lineNo,
    reason: bad.line.problem!,
    ...(bad.line.binary ? { binary: true } : {}),
  });
}

async function readPairedFiles(sourceFile: string, targetFile: string): Promise<Corpus> {
  const sources = readLines(sourceFile);
  const targets = readLines(targetFile);
  const out = emptyCollected();
  const files = { source: sourceFile, target: targetFile };
  for (let lineNo = 1; ; lineNo++) {
    const [source, target] = await Promise.all([sources.next(), targets.next()]);
    if (source.done && target.done) break;
    if (source.done || target.done) {
      // Drain the longer side so the error can say how far apart the files are.
      const extra = 1 + (await countRemaining(source.done ? targets : sources));
      const [s, t] = source.done ? [lineNo - 1, lineNo - 1 + extra] : [lineNo - 1 + extra, lineNo - 1];
      throw lineCountMismatch(sourceFile, s, targetFile, t);
    }
    addDecodedPair(source.value, target.value, lineNo, files, out);
  }
  return { ...out, format: 'paired', files: [sourceFile, targetFile] };
}

async function* readLines(file: string): AsyncGenerator<DecodedLine> {
  const decoder = new LineDecoder();
  try {
    for await (const chunk of createReadStream(file)) yield* decoder.push(chunk as Buffer);
  } catch (err) {
    throw new CorpusError(`Cannot read corpus file ${file}: ${(err as Error).message}`);
  }
  yield* decoder.end();
}

async function countRemaining(lines: AsyncGenerator<DecodedLine>): Promise<number> {
  let count = 0;
  while (!(await lines.next()).done) count++;
  return count;
}

function lineCountMismatch(sourceFile: string, sourceCount: number, targetFile: string, targetCount: number): Error {
  return new CorpusError(
    'Paired files must have the same number of lines: ' +
      `${sourceFile} has ${sourceCount}, ${targetFile} has ${targetCount}`,
  );
}

function requireTargetFile(sourceFile: string): string {
  const target = findTargetFile(sourceFile);
  if (target) return target;
  const { dir, name } = path.parse(sourceFile);
  throw new CorpusError(
    `No target file found for ${sourceFile}: expected ${path.join(dir, name)}.tgt next to it (or .target/.out), ` +
      'or exactly one other file with the same name and another extension',
  );
}

function emptyCollected(): Collected {
  return { pairs: [], problems: [] };
}

function isFile(file: string): boolean {
  return statSync(file, { throwIfNoEntry: false })?.isFile() ?? false;
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir || '.');
  } catch {
    return [];
  }
}
