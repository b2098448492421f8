// Length-bucketed batches: examples of similar length share a batch, so little compute goes to
// padding; the order of batches is shuffled per epoch from a seed, so a resumed run sees the same.
import { makeRng, shuffleInPlace } from '../util/random';
import type { Example } from './dataset';

export function epochBatches(examples: Example[], batchSize: number, seed: number, epoch: number): Example[][] {
  const rng = makeRng(seed * 7919 + epoch);
  const order = shuffleInPlace(
    examples.map((_, i) => i),
    rng,
  );
  // Stable sort by length keeps the shuffled order inside a length, so batches differ across epochs.
  order.sort(
    (a, b) =>
      examples[a].source.length - examples[b].source.length || examples[a].target.length - examples[b].target.length,
  );
  const batches: Example[][] = [];
  for (let i = 0; i < order.length; i += batchSize) batches.push(order.slice(i, i + batchSize).map((j) => examples[j]));
  return shuffleInPlace(batches, rng);
}

export function stepsPerEpoch(examples: number, batchSize: number): number {
  return Math.ceil(examples / batchSize);
}
