// A small untrained text model with a real codec, for tests that need a Translator but no training.
import { generateDatePairs } from '../../src/core/data/dates';
import { Seq2SeqModel } from '../../src/core/model/seq2seq';
import { presetConfig } from '../../src/core/model/config';
import { DEFAULT_DATA_OPTIONS, learnCodec } from '../../src/core/train/dataset';
import { Translator } from '../../src/core/translator';

export const datePairs = (n: number, seed = 1) => generateDatePairs(n, seed);

export function tinyTranslator(preset = 'bahdanau2014', seed = 1): Translator {
  const codec = learnCodec(datePairs(300), DEFAULT_DATA_OPTIONS);
  const model = new Seq2SeqModel(
    {
      ...presetConfig(preset),
      embeddingSize: 16,
      hiddenSize: 24,
      attentionSize: 16,
      sourceVocabSize: codec.sourceVocab.size,
      targetVocabSize: codec.targetVocab.size,
    },
    seed,
  );
  return new Translator({ model, ...codec });
}

/** Small architecture overrides so that trainer tests run in seconds. */
export const TINY = { embeddingSize: 16, hiddenSize: 32, attentionSize: 32 };
