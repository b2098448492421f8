// Beam search (Sutskever et al. 2014): keep the k most probable prefixes per source, batched over
// sources and beams, and return the n best finished hypotheses ranked by length-normalised score.
import type { SpecialIds } from '../model/batch';
import type { Seq2SeqModel } from '../model/model';
import type { Hypothesis, StepAttention } from './hypothesis';
import { attentionOf, normalisedScore } from './hypothesis';
import { DecodingSession } from './session';

interface Prefix {
  ids: number[];
  logProb: number;
  steps: StepAttention[];
}
interface Candidate {
  parent: number;
  token: number;
  logProb: number;
}

export interface BeamOptions {
  beamSize: number;
  nBest: number;
  lengthPenalty: number;
  maxLength: (i: number) => number;
}

export function beamSearch(
  model: Seq2SeqModel,
  sources: number[][],
  ids: SpecialIds,
  options: BeamOptions,
): Hypothesis[][] {
  const k = options.beamSize;
  const session = new DecodingSession(model, sources, ids.pad, k);
  // Only the first row of each beam is live at the start, so the k copies do not fill the beam with one prefix.
  const beams: Prefix[][] = sources.map(() => [{ ids: [], logProb: 0, steps: [] }]);
  const finished: Hypothesis[][] = sources.map(() => []);
  const done = sources.map(() => false);
  const previous = new Int32Array(sources.length * k).fill(ids.bos);
  const toHypothesis = (p: Prefix, i: number, isFinished: boolean, logProb = p.logProb): Hypothesis => ({
    ids: p.ids,
    logProb,
    score: normalisedScore(logProb, p.ids.length + (isFinished ? 1 : 0), options.lengthPenalty),
    finished: isFinished,
    ...attentionOf(model.config, p.steps, sources[i].length),
  });
  try {
    for (let t = 0; done.some((d) => !d); t++) {
      const { logProbs, vocabSize: V, attention } = session.step(previous);
      const parents = new Int32Array(sources.length * k);
      sources.forEach((_, i) => {
        const base = i * k;
        parents.fill(base, base, base + k);
        if (done[i]) return;
        const next: Prefix[] = [];
        for (const c of bestCandidates(beams[i], logProbs, base, V, 2 * k)) {
          const parent = beams[i][c.parent];
          const steps = attention ? [...parent.steps, attention[base + c.parent]] : parent.steps;
          if (c.token === ids.eos) finished[i].push(toHypothesis(parent, i, true, c.logProb));
          else if (next.length < k) {
            parents[base + next.length] = base + c.parent;
            previous[base + next.length] = c.token;
            next.push({ ids: [...parent.ids, c.token], logProb: c.logProb, steps });
          }
          if (finished[i].length >= k || next.length >= k) break;
        }
        beams[i] = next;
        const atLimit = t + 1 >= options.maxLength(i);
        if (finished[i].length >= k || atLimit || next.length === 0) {
          if (finished[i].length < options.nBest) finished[i].push(...next.map((p) => toHypothesis(p, i, false)));
          done[i] = true;
        }
      });
      session.reorder(parents);
    }
  } finally {
    session.dispose();
  }
  return finished.map((hyps) => hyps.sort((a, b) => b.score - a.score).slice(0, options.nBest));
}

/** The top `count` one-token extensions of a beam's prefixes, best first. */
function bestCandidates(
  prefixes: Prefix[],
  logProbs: Float32Array,
  base: number,
  V: number,
  count: number,
): Candidate[] {
  const top: Candidate[] = [];
  prefixes.forEach((p, r) => {
    const offset = (base + r) * V;
    for (let v = 0; v < V; v++) {
      const logProb = p.logProb + logProbs[offset + v];
      if (top.length < count || logProb > top[top.length - 1].logProb)
        insertSorted(top, { parent: r, token: v, logProb }, count);
    }
  });
  return top;
}

function insertSorted(top: Candidate[], c: Candidate, count: number): void {
  let i = top.length;
  while (i > 0 && top[i - 1].logProb < c.logProb) i--;
  top.splice(i, 0, c);
  if (top.length > count) top.pop();
}
