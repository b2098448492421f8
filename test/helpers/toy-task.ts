// A toy task on raw ids: reverse (or copy) a random sequence. Small enough to learn in seconds.
import { makeRng, randomInt } from '../../src/core/util/random';

export const TOY_SPECIALS = { pad: 0, bos: 1, eos: 2 };
const FIRST_SYMBOL = 4;

export function toyPairs(count: number, symbols: number, minLen: number, maxLen: number, seed: number, reverse = true) {
  const rng = makeRng(seed);
  return Array.from({ length: count }, () => {
    const len = minLen + randomInt(rng, maxLen - minLen + 1);
    const source = Array.from({ length: len }, () => FIRST_SYMBOL + randomInt(rng, symbols));
    return { source, target: reverse ? [...source].reverse() : [...source] };
  });
}

export const toyVocabSize = (symbols: number) => FIRST_SYMBOL + symbols;

import type { ArchitectureConfig, ModelConfig } from '../../src/core/model/config';
import { presetConfig, readsReversed } from '../../src/core/model/config';
import { createModel } from '../../src/core/model/create';
import type { Seq2SeqModel } from '../../src/core/model/model';
import { ClippedAdam } from '../../src/core/train/optimizer';
import { disposeTrainingBatch, makeTrainingBatch } from '../../src/core/model/batch';
import { Dropout } from '../../src/core/model/dropout';
import { greedyDecode } from '../../src/core/decode/greedy';
import { warmupFactor } from '../../src/core/train/schedule';

type ToyPair = { source: number[]; target: number[] };

/** Toy sizes of each model family. */
export const TOY_SIZES = {
  rnn: { embeddingSize: 32, hiddenSize: 64, attentionSize: 64 },
  transformer: { modelSize: 32, heads: 4, feedForwardSize: 64, encoderLayers: 2, decoderLayers: 2 },
};

/** A preset shrunk to toy size, without dropout so that a few hundred steps suffice. */
export function toyModel(
  preset: string,
  symbols: number,
  overrides: Partial<ArchitectureConfig> = {},
  seed = 1,
): Seq2SeqModel {
  const V = toyVocabSize(symbols);
  const base = presetConfig(preset);
  const config = { ...base, ...TOY_SIZES[base.kind], dropout: 0, ...overrides, sourceVocabSize: V, targetVocabSize: V };
  return createModel(config as ModelConfig, seed);
}

/** The optimizer recipe of a toy run: Adam's rate (peak rate with a warm-up), its beta2, the warm-up steps. */
export interface ToyRecipe {
  learningRate?: number;
  adamBeta2?: number;
  warmupSteps?: number;
}

/** Trains with Adam on consecutive batches; returns the loss of every step. */
export function trainToy(
  model: Seq2SeqModel,
  pairs: ToyPair[],
  steps: number,
  batchSize = 32,
  { learningRate = 0.01, adamBeta2, warmupSteps = 0 }: ToyRecipe = {},
): number[] {
  const optimizer = new ClippedAdam(model.params, { learningRate, clipNorm: 5, adamBeta2 });
  const losses: number[] = [];
  for (let step = 0; step < steps; step++) {
    if (warmupSteps > 0) optimizer.setLearningRate(learningRate * warmupFactor(step, warmupSteps));
    const start = (step * batchSize) % (pairs.length - batchSize + 1);
    const batch = makeTrainingBatch(pairs.slice(start, start + batchSize), readsReversed(model.config), TOY_SPECIALS);
    losses.push(optimizer.step(() => model.loss(batch, Dropout.off)).loss);
    disposeTrainingBatch(batch);
  }
  optimizer.dispose();
  return losses;
}

export function toyExactMatch(model: Seq2SeqModel, pairs: ToyPair[]): number {
  const hyps = greedyDecode(
    model,
    pairs.map((p) => p.source),
    TOY_SPECIALS,
    (i) => pairs[i].source.length + 5,
  );
  return hyps.filter((h, i) => h.ids.join() === pairs[i].target.join()).length / pairs.length;
}

export const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
