// Corpus chrF (Popović 2015) matching sacrebleu.corpus_chrf defaults: character n-grams 1..6 with
// whitespace removed, no word n-grams, beta 2, statistics summed over the corpus, 0-100 scale.
import { assertSameLength, splitWords } from './accuracy';

export interface ChrfResult {
  score: number;
}

const CHAR_ORDER = 6;
const BETA = 2;

interface OrderStats {
  hyp: number;
  ref: number;
  match: number;
}

export function corpusChrf(hyps: string[], refs: string[]): ChrfResult {
  assertSameLength('corpusChrf', hyps, refs);
  const stats = Array.from({ length: CHAR_ORDER }, (): OrderStats => ({ hyp: 0, ref: 0, match: 0 }));
  hyps.forEach((hyp, i) => {
    // Python indexes strings by code point, so n-grams are taken over code points too.
    const hypChars = Array.from(splitWords(hyp).join(''));
    const refChars = Array.from(splitWords(refs[i]).join(''));
    stats.forEach((s, order) => addMatches(s, countNgrams(hypChars, order + 1), countNgrams(refChars, order + 1)));
  });
  return { score: fScore(stats) };
}

function addMatches(stats: OrderStats, hyp: Map<string, number>, ref: Map<string, number>): void {
  let hypCount = 0;
  for (const [ngram, count] of hyp) {
    hypCount += count;
    stats.match += Math.min(count, ref.get(ngram) ?? 0);
  }
  // sacrebleu ignores hypothesis n-grams of an order the reference is too short to have.
  if (ref.size > 0) stats.hyp += hypCount;
  for (const count of ref.values()) stats.ref += count;
}

/** F-beta of precision and recall averaged over the orders where both sides have n-grams. */
function fScore(stats: OrderStats[]): number {
  const factor = BETA ** 2;
  let precision = 0;
  let recall = 0;
  let effectiveOrder = 0;
  for (const { hyp, ref, match } of stats) {
    if (hyp > 0 && ref > 0) {
      precision += match / hyp;
      recall += match / ref;
      effectiveOrder++;
    }
  }
  if (effectiveOrder === 0) return 0;
  precision /= effectiveOrder;
  recall /= effectiveOrder;
  if (precision + recall === 0) return 0;
  return 100 * (((1 + factor) * precision * recall) / (factor * precision + recall));
}

function countNgrams(chars: string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= chars.length; i++) {
    const key = chars.slice(i, i + n).join('');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}
