// The measured half of --preset auto: what one training step of a given size costs on the active
// backend and kernels, from a few steps on synthetic batches of the corpus's typical lengths.
import type { RnnArchitecture } from '../model/config';
import { readsReversed } from '../model/config';
import { createModel } from '../model/create';
import { Dropout } from '../model/dropout';
import { disposeTrainingBatch, makeTrainingBatch } from '../model/batch';
import { SPECIAL_TOKEN_COUNT } from '../data/vocab';
import { makeRng } from '../util/random';
import type { AutoChoice, CorpusProfile, StepTimer } from './auto';
import { chooseAuto, profileCorpus, withOverrides } from './auto';
import type { DataOptions, TextPair } from './dataset';
import { ClippedAdam } from './optimizer';

/** The first step compiles kernels and grows the heap: it is run, not timed. */
const WARMUP_STEPS = 1;
const TIMED_STEPS = 2;

/**
 * A StepTimer for this corpus: synthetic batches at its mean lengths (batches are length-bucketed, so the mean is what
 * an epoch costs).
 */
export function stepTimer(profile: CorpusProfile): StepTimer {
  return (architecture, batchSize) => {
    const config = { ...architecture, sourceVocabSize: profile.sourceVocab, targetVocabSize: profile.targetVocab };
    const model = createModel(config, 1);
    const optimizer = new ClippedAdam(model.params, { learningRate: 1e-3, clipNorm: 5 });
    const rng = makeRng(1);
    const ids = (n: number, vocab: number) =>
      Array.from(
        { length: Math.max(1, Math.round(n)) },
        () => SPECIAL_TOKEN_COUNT + Math.floor(rng() * Math.max(1, vocab - SPECIAL_TOKEN_COUNT)),
      );
    const examples = Array.from({ length: batchSize }, () => ({
      source: ids(profile.source.mean, profile.sourceVocab),
      target: ids(profile.target.mean, profile.targetVocab),
    }));
    const batch = makeTrainingBatch(examples, readsReversed(config), { pad: 0, bos: 1, eos: 2 });
    try {
      let t0 = 0;
      for (let i = 0; i < WARMUP_STEPS + TIMED_STEPS; i++) {
        if (i === WARMUP_STEPS) t0 = performance.now();
        optimizer.step(() => model.loss(batch, new Dropout(config.dropout, i)));
      }
      return (performance.now() - t0) / 1000 / TIMED_STEPS;
    } finally {
      disposeTrainingBatch(batch);
      optimizer.dispose();
      model.dispose();
    }
  };
}

export interface AutoConfiguration extends AutoChoice {
  /** Seconds the profiling and measuring took; a budgeted run gets what is left. */
  spentSeconds: number;
}

/**
 * Profiles the corpus, measures step times under the budget and applies the explicit options over
 * the choice. The CLI and the worker both call this, so the two print and train the same thing.
 */
export function configureAuto(
  pairs: TextPair[],
  data: DataOptions,
  budgetSeconds: number,
  given: { architecture: Partial<RnnArchitecture>; training: { batchSize?: number; learningRate?: number } },
): AutoConfiguration {
  const t0 = performance.now();
  const profile = profileCorpus(pairs, data);
  const choice = withOverrides(
    chooseAuto(profile, budgetSeconds, stepTimer(profile)),
    given.architecture,
    given.training,
  );
  return { ...choice, spentSeconds: (performance.now() - t0) / 1000 };
}
