// Reading parallel corpora (tsv, csv, jsonl or a pair of line-aligned files). Bad lines never
// abort a read: they are collected as problems so the editor can list them all at once.
import { createReadStream, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { addPairedLine, createLineParser, splitLines, type Collected } from './corpus-formats';
import type { CorpusFormat, CorpusOptions, CorpusProblem, Pair } from './corpus-types';

// The types live in a leaf module that corpus-formats.ts imports too (no module cycle).
export type { CorpusFormat, CorpusOptions, CorpusProblem, Pair } from './corpus-types';

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
    throw new Error(`${file}: a paired corpus needs both sides; use parsePairedTexts instead of parseCorpusText`);
  }
  const out = emptyCollected();
  const parser = createLineParser(format, file, options, out);
  splitLines(text).forEach((line, i) => parser.line(line, i + 1));
  parser.end();
  return { ...out, format, files: [file] };
}

export function parsePairedTexts(sourceText: string, targetText: string, sourceFile: string, targetFile: string): Corpus {
  const sources = splitLines(sourceText);
  const targets = splitLines(targetText);
  if (sources.length !== targets.length) throw lineCountMismatch(sourceFile, sources.length, targetFile, targets.length);
  const out = emptyCollected();
  const files = { source: sourceFile, target: targetFile };
  sources.forEach((source, i) => addPairedLine(source, targets[i], i + 1, files, out));
  return { ...out, format: 'paired', files: [sourceFile, targetFile] };
}

/** Streams line by line, so large corpora never sit in memory as one string. */
export async function readCorpus(file: string, options: CorpusOptions = {}): Promise<Corpus> {
  const format = options.format ?? detectFormat(file);
  if (format === 'paired') return readPairedFiles(file, options.targetFile ?? requireTargetFile(file));
  const out = emptyCollected();
  const parser = createLineParser(format, file, options, out);
  let lineNo = 0;
  for await (const line of readLines(file)) parser.line(line, ++lineNo);
  parser.end();
  return { ...out, format, files: [file] };
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
    addPairedLine(source.value, target.value, lineNo, files, out);
  }
  return { ...out, format: 'paired', files: [sourceFile, targetFile] };
}

async function* readLines(file: string): AsyncGenerator<string> {
  try {
    const input = createReadStream(file, { encoding: 'utf8' });
    yield* createInterface({ input, crlfDelay: Infinity });
  } catch (err) {
    throw new Error(`Cannot read corpus file ${file}: ${(err as Error).message}`);
  }
}

async function countRemaining(lines: AsyncGenerator<string>): Promise<number> {
  let count = 0;
  while (!(await lines.next()).done) count++;
  return count;
}

function lineCountMismatch(sourceFile: string, sourceCount: number, targetFile: string, targetCount: number): Error {
  return new Error(
    `Paired files must have the same number of lines: ${sourceFile} has ${sourceCount}, ${targetFile} has ${targetCount}`,
  );
}

function requireTargetFile(sourceFile: string): string {
  const target = findTargetFile(sourceFile);
  if (target) return target;
  throw new Error(
    `No target file found for ${sourceFile}: expected name.tgt next to name.src (or .target/.out), ` +
      'or exactly one other file with the same stem; pass targetFile to choose one',
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
