// A small untrained text model with a real codec, for tests that need a Translator but no training.
import { generateDatePairs } from '../../src/core/data/dates';
import type { ModelConfig } from '../../src/core/model/config';
import { presetConfig } from '../../src/core/model/config';
import { createModel } from '../../src/core/model/create';
import { DEFAULT_DATA_OPTIONS, learnCodec } from '../../src/core/train/dataset';
import { Translator } from '../../src/core/translator';

export const datePairs = (n: number, seed = 1) => generateDatePairs(n, seed);

/** Small architecture overrides so that trainer tests run in seconds. */
export const TINY = { embeddingSize: 16, hiddenSize: 32, attentionSize: 32 };
export const TINY_TRANSFORMER = { modelSize: 16, heads: 2, feedForwardSize: 32, encoderLayers: 1, decoderLayers: 1 };

export function tinyTranslator(preset = 'bahdanau2014', seed = 1): Translator {
  const codec = learnCodec(datePairs(300), DEFAULT_DATA_OPTIONS);
  const base = presetConfig(preset);
  const sizes =
    base.kind === 'transformer' ? TINY_TRANSFORMER : { embeddingSize: 16, hiddenSize: 24, attentionSize: 16 };
  const config = {
    ...base,
    ...sizes,
    sourceVocabSize: codec.sourceVocab.size,
    targetVocabSize: codec.targetVocab.size,
  } as ModelConfig;
  return new Translator({ model: createModel(config, seed), ...codec });
}
