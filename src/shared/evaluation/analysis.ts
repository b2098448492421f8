// The error analysis's logic: order (worst first), filters, the diff between reference and output, and
// accuracy by source length. Pure, so the view and the HTML report agree and the tests pin it.
import { diffChars, diffWords } from 'diff';
import type { DiffUnit, EvaluatedPair } from '../../core/evaluation-report';

/** Share of the reference's characters the output gets wrong (edit distance / reference length). */
export function errorRate(p: EvaluatedPair): number {
  return p.distance / Math.max(1, [...p.reference].length);
}

/** Worst first: highest error rate, then more edits, then corpus order. A new array. */
export function worstFirst(pairs: readonly EvaluatedPair[]): EvaluatedPair[] {
  return [...pairs].sort((a, b) => errorRate(b) - errorRate(a) || b.distance - a.distance || a.index - b.index);
}

export interface PairFilter {
  /** Case-insensitive text looked for in the source, the reference and the output. */
  text?: string;
  /** Source length bounds in tokens, inclusive; undefined is open. */
  minLength?: number;
  maxLength?: number;
  /** Only the pairs the model got wrong. */
  errorsOnly?: boolean;
}

export function filterPairs(pairs: readonly EvaluatedPair[], f: PairFilter): EvaluatedPair[] {
  const needle = f.text?.trim().toLowerCase() ?? '';
  return pairs.filter(
    (p) =>
      (f.minLength === undefined || p.sourceTokens >= f.minLength) &&
      (f.maxLength === undefined || p.sourceTokens <= f.maxLength) &&
      (!f.errorsOnly || p.distance > 0) &&
      (!needle || [p.source, p.reference, p.output].some((t) => t.toLowerCase().includes(needle))),
  );
}

/** A run of the diff: in both texts, only in the reference (missing from the output), or only in the output. */
export interface DiffSegment {
  kind: 'same' | 'missing' | 'extra';
  text: string;
}

/** The output against the reference, by character or by word (the `diff` package's Myers diff). */
export function diffSegments(reference: string, output: string, unit: DiffUnit): DiffSegment[] {
  const changes = unit === 'word' ? diffWords(reference, output) : diffChars(reference, output);
  return changes.map((c) => ({ kind: c.added ? 'extra' : c.removed ? 'missing' : 'same', text: c.value }));
}

export interface LengthBucket {
  /** Source lengths from..to tokens, inclusive. */
  from: number;
  to: number;
  pairs: number;
  exact: number;
}

/** Exact-match counts by source length, in at most `maxBuckets` equal-width buckets (empty ones kept). */
export function lengthBuckets(pairs: readonly EvaluatedPair[], maxBuckets = 12): LengthBucket[] {
  if (!pairs.length) return [];
  const lengths = pairs.map((p) => p.sourceTokens);
  const lo = Math.min(...lengths);
  const hi = Math.max(...lengths);
  const width = Math.max(1, Math.ceil((hi - lo + 1) / maxBuckets));
  const buckets = Array.from({ length: Math.ceil((hi - lo + 1) / width) }, (_, k) => ({
    from: lo + k * width,
    to: Math.min(hi, lo + (k + 1) * width - 1),
    pairs: 0,
    exact: 0,
  }));
  for (const p of pairs) {
    const b = buckets[Math.floor((p.sourceTokens - lo) / width)];
    b.pairs++;
    if (p.distance === 0) b.exact++;
  }
  return buckets;
}
