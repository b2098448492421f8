// An evaluation as the error analysis shows it: every pair and what the model made of it. Plain data,
// shared by the CLI (its HTML report), the worker protocol and the error-analysis page (a leaf module, so
// the page can use the types without the model code).
export interface EvaluatedPair {
  /** The pair's position in the list that was evaluated (before over-long pairs were left out). */
  index: number;
  source: string;
  reference: string;
  output: string;
  /** Source length in the model's tokens (what the accuracy-by-length chart counts). */
  sourceTokens: number;
  /** Character edit distance from the output to the reference (0: exact match). */
  distance: number;
}

export type DiffUnit = 'char' | 'word';

export interface EvaluationReport {
  model: string;
  /** The corpus as the person knows it (a workspace-relative path, or the file name given). */
  corpus: string;
  /** The metrics that fit the targets first, formatted (core/metrics/summary.ts metricTable). */
  metrics: { name: string; value: string }[];
  /** How the outputs are compared in the diff: by character, or by word for word-level text. */
  diffUnit: DiffUnit;
  pairs: EvaluatedPair[];
  /** Pairs longer than the model's maximum length, left out. */
  tooLong: number;
  /** Corpus lines skipped as malformed. */
  problems: number;
}
