// Builds the model a configuration describes: the family is the configuration's `kind`.
import type { ModelConfig } from './config';
import type { Seq2SeqModel } from './model';
import { RnnModel } from './rnn-model';
import { TransformerModel } from './transformer/model';

export function createModel(config: ModelConfig, seed = 1): Seq2SeqModel {
  return config.kind === 'transformer' ? new TransformerModel(config, seed) : new RnnModel(config, seed);
}
