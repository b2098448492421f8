// Simple corpus-level scores for validation: exact match, token accuracy and error rates.
import { editDistance } from './edit-distance';

// Python's str.isspace() set, so word splits agree with sacrebleu (JS \s differs: it has
// U+FEFF but lacks U+001C-U+001F and U+0085).
const PY_SPACE = '\\t\\n\\v\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const SPACE_RUN = new RegExp(`[${PY_SPACE}]+`);
const TRAILING_SPACE = new RegExp(`[${PY_SPACE}]+$`);

/** Python's `text.split()`. */
export function splitWords(text: string): string[] {
  return text.split(SPACE_RUN).filter((w) => w !== '');
}

/** Python's `text.rstrip()`. */
export function rstrip(text: string): string {
  return text.replace(TRAILING_SPACE, '');
}

export function assertSameLength(name: string, hyps: readonly unknown[], refs: readonly unknown[]): void {
  if (hyps.length !== refs.length) {
    throw new Error(`${name}: got ${hyps.length} hypotheses but ${refs.length} references; they must be parallel`);
  }
}

/** Fraction of hypotheses identical to their reference; 0 for an empty corpus. */
export function exactMatch(hyps: string[], refs: string[]): number {
  assertSameLength('exactMatch', hyps, refs);
  const matches = hyps.filter((h, i) => h === refs[i]).length;
  return matches / Math.max(hyps.length, 1);
}

/** Position-wise matches over reference tokens, so a hypothesis that drifts by one token scores low. */
export function tokenAccuracy(hyps: string[][], refs: string[][]): number {
  assertSameLength('tokenAccuracy', hyps, refs);
  let matches = 0;
  let total = 0;
  hyps.forEach((hyp, i) => {
    refs[i].forEach((token, j) => (matches += hyp[j] === token ? 1 : 0));
    total += refs[i].length;
  });
  return matches / Math.max(total, 1);
}

/** Corpus CER over code points: total edits / total reference characters (can exceed 1). */
export function charErrorRate(hyps: string[], refs: string[]): number {
  assertSameLength('charErrorRate', hyps, refs);
  return errorRate(
    hyps.map((h) => Array.from(h)),
    refs.map((r) => Array.from(r)),
  );
}

/** Corpus WER over whitespace-separated words. */
export function wordErrorRate(hyps: string[], refs: string[]): number {
  assertSameLength('wordErrorRate', hyps, refs);
  return errorRate(hyps.map(splitWords), refs.map(splitWords));
}

// An empty reference set counts as length 1 so the rate stays finite (and 0 when nothing was produced).
function errorRate(hyps: string[][], refs: string[][]): number {
  let edits = 0;
  let length = 0;
  hyps.forEach((hyp, i) => {
    edits += editDistance(hyp, refs[i]);
    length += refs[i].length;
  });
  return edits / Math.max(length, 1);
}
