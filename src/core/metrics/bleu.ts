// Corpus BLEU (Papineni et al. 2002) matching sacrebleu.corpus_bleu(hyps, [refs]) with its defaults:
// 13a tokenisation, exponential smoothing, max order 4, single reference, 0-100 scale.
import { assertSameLength, rstrip, splitWords } from './accuracy';

export interface BleuResult {
  score: number;
  precisions: number[];
  bp: number;
  sysLen: number;
  refLen: number;
}

const MAX_ORDER = 4;

// sacrebleu floors log(0) to this instead of -Infinity; the score then underflows to exactly 0.
const LOG_ZERO = -9999999999;

// The mteval-v13a rules, in sacrebleu's order. Rule 1 splits off most ASCII symbols:
// { | } ~ [ \ ] ^ _ ` space ! " # $ % & ( ) * + : ; < = > ? @ /
const TOKENIZE_13A: [RegExp, string][] = [
  [/([\x7b-\x7e\x5b-\x60\x20-\x26\x28-\x2b\x3a-\x40\x2f])/gu, ' $1 '],
  [/([^0-9])([.,])/gu, '$1 $2 '], // period/comma unless preceded by a digit
  [/([.,])([^0-9])/gu, ' $1 $2'], // period/comma unless followed by a digit
  [/([0-9])(-)/gu, '$1 $2 '], // dash after a digit
];

export function tokenize13a(text: string): string[] {
  let line = text.replaceAll('<skipped>', '').replaceAll('-\n', '').replaceAll('\n', ' ');
  if (line.includes('&')) {
    line = line.replaceAll('&quot;', '"').replaceAll('&amp;', '&').replaceAll('&lt;', '<').replaceAll('&gt;', '>');
  }
  line = ` ${line} `;
  for (const [pattern, replacement] of TOKENIZE_13A) line = line.replace(pattern, replacement);
  return splitWords(line);
}

export function corpusBleu(hyps: string[], refs: string[]): BleuResult {
  assertSameLength('corpusBleu', hyps, refs);
  const correct = new Array<number>(MAX_ORDER).fill(0);
  const total = new Array<number>(MAX_ORDER).fill(0);
  let sysLen = 0;
  let refLen = 0;
  hyps.forEach((hyp, i) => {
    // sacrebleu strips trailing whitespace before tokenising.
    const hypTokens = tokenize13a(rstrip(hyp));
    const refTokens = tokenize13a(rstrip(refs[i]));
    sysLen += hypTokens.length;
    refLen += refTokens.length;
    for (let n = 1; n <= MAX_ORDER; n++) {
      const refCounts = countNgrams(refTokens, n);
      for (const [ngram, count] of countNgrams(hypTokens, n)) {
        total[n - 1] += count;
        correct[n - 1] += Math.min(count, refCounts.get(ngram) ?? 0);
      }
    }
  });
  return scoreFromStats(correct, total, sysLen, refLen);
}

function scoreFromStats(correct: number[], total: number[], sysLen: number, refLen: number): BleuResult {
  const bp = sysLen >= refLen ? 1 : sysLen > 0 ? Math.exp(1 - refLen / sysLen) : 0;
  const precisions = new Array<number>(MAX_ORDER).fill(0);
  if (correct.every((c) => c === 0)) return { score: 0, precisions, bp, sysLen, refLen };
  // Exponential smoothing (NIST mteval): the k-th order with no matches gets precision 1 / (2^k * total).
  let smooth = 1;
  for (let n = 0; n < MAX_ORDER && total[n] > 0; n++) {
    if (correct[n] > 0) {
      precisions[n] = (100 * correct[n]) / total[n];
    } else {
      smooth *= 2;
      precisions[n] = 100 / (smooth * total[n]);
    }
  }
  const logSum = precisions.reduce((sum, p) => sum + (p === 0 ? LOG_ZERO : Math.log(p)), 0);
  return { score: bp * Math.exp(logSum / MAX_ORDER), precisions, bp, sysLen, refLen };
}

/** n-grams keyed by their space-joined tokens (13a tokens never contain spaces). */
function countNgrams(tokens: string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const key = tokens.slice(i, i + n).join(' ');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}
