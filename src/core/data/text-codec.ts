// The text side of a model: how its source and target strings become ids and back. Training learns
// one (train/dataset.ts); a model (translator.ts) and a saved model are one plus the network.
import type { Tokenizer } from './tokenizer-contract';
import type { Vocab } from './vocab';

export interface TextCodec {
  sourceTokenizer: Tokenizer;
  targetTokenizer: Tokenizer;
  sourceVocab: Vocab;
  targetVocab: Vocab;
}
