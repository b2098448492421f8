// G2P metrics of shared/benchmarks.md: WER = share of words whose output matches none of the
// reference variants; PER = edit distance to the closest variant, summed, over the summed lengths of
// those variants; 95% bootstrap intervals over words. Edit distance is the project's own.
import { editDistance } from '../../src/core/metrics';
import { makeRng, randomInt } from '../../src/core/util/random';
import type { Entry } from './cmudict';

export interface WordScore {
  err: number;
  dist: number;
  len: number;
  srcLen: number;
}

export function scoreWords(entries: Entry[], hyps: string[][]): WordScore[] {
  if (entries.length !== hyps.length) throw new Error(`scoreWords: ${entries.length} words but ${hyps.length} outputs`);
  return entries.map((e, i) => {
    const h = hyps[i];
    let best = { dist: Infinity, len: 0 };
    let match = false;
    for (const ref of e.variants) {
      const dist = editDistance(h, ref);
      if (dist === 0) match = true;
      if (dist < best.dist) best = { dist, len: ref.length };
    }
    return { err: match ? 0 : 1, dist: best.dist, len: best.len, srcLen: e.word.length };
  });
}

const wer = (s: WordScore[]) => (100 * s.reduce((a, x) => a + x.err, 0)) / Math.max(1, s.length);
const per = (s: WordScore[]) =>
  (100 * s.reduce((a, x) => a + x.dist, 0)) /
  Math.max(
    1,
    s.reduce((a, x) => a + x.len, 0),
  );

function percentile(sorted: number[], p: number): number {
  const i = (sorted.length - 1) * p;
  const lo = Math.floor(i);
  const hi = Math.ceil(i);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (i - lo);
}

export interface Metrics {
  words: number;
  WER: number;
  PER: number;
  WER_CI95?: [number, number];
  PER_CI95?: [number, number];
}

export function metrics(scores: WordScore[], bootstrap = 0, seed = 0): Metrics {
  const out: Metrics = { words: scores.length, WER: +wer(scores).toFixed(2), PER: +per(scores).toFixed(2) };
  if (bootstrap > 0 && scores.length) {
    const rng = makeRng(seed + 12345);
    const ws: number[] = [];
    const ps: number[] = [];
    const sample = new Array<WordScore>(scores.length);
    for (let b = 0; b < bootstrap; b++) {
      for (let i = 0; i < scores.length; i++) sample[i] = scores[randomInt(rng, scores.length)];
      ws.push(wer(sample));
      ps.push(per(sample));
    }
    ws.sort((a, b) => a - b);
    ps.sort((a, b) => a - b);
    out.WER_CI95 = [+percentile(ws, 0.025).toFixed(2), +percentile(ws, 0.975).toFixed(2)];
    out.PER_CI95 = [+percentile(ps, 0.025).toFixed(2), +percentile(ps, 0.975).toFixed(2)];
  }
  return out;
}

/** Word accuracy (100 - WER) by source length in characters; lengths >= maxLen are pooled. */
export function accuracyByLength(scores: WordScore[], maxLen = 14): { len: string; words: number; accuracy: number }[] {
  const buckets = new Map<number, WordScore[]>();
  for (const s of scores) {
    const k = Math.min(s.srcLen, maxLen);
    buckets.set(k, [...(buckets.get(k) ?? []), s]);
  }
  return [...buckets.keys()]
    .sort((a, b) => a - b)
    .map((k) => ({
      len: k === maxLen ? `${maxLen}+` : String(k),
      words: buckets.get(k)!.length,
      accuracy: +(100 - wer(buckets.get(k)!)).toFixed(2),
    }));
}
