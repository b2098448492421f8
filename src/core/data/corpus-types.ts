// The records a corpus read produces, shared by the reader (corpus.ts) and the line parsers.
export type CorpusFormat = 'tsv' | 'csv' | 'jsonl' | 'paired';

/** `line` is 1-based; for a multi-line CSV record it is the line where the record starts. */
export interface Pair {
  source: string;
  target: string;
  file: string;
  line: number;
}

export interface CorpusProblem {
  file: string;
  line: number;
  reason: string;
  /** The line is not text at all (NUL bytes, megabytes without a line break). */
  binary?: boolean;
}

export interface CorpusOptions {
  format?: CorpusFormat;
  /** JSONL field names; by default source/target, then src/tgt, then input/output. */
  sourceKey?: string;
  targetKey?: string;
  /** Target side of a paired corpus; found with findTargetFile when omitted. */
  targetFile?: string;
  /** Read a file that looks binary or mostly malformed anyway (assessCorpus refuses it otherwise). */
  force?: boolean;
}
