// From text pairs to id sequences: tokenizers and vocabularies learned on the training split,
// a deterministic hash split, and a length filter whose drops are counted, never silent.
import type { TextCodec } from '../data/text-codec';
import type { Tokenizer } from '../data/tokenizer';
import type { DataOptionsShape } from '../options';
import { learnTokenizer } from '../data/tokenizer';
import { Vocab } from '../data/vocab';
import { splitByHash } from '../data/split';

export type { TextCodec } from '../data/text-codec';

export interface TextPair {
  source: string;
  target: string;
}
export interface Example {
  source: number[];
  target: number[];
  pair: TextPair;
}

export type DataOptions = DataOptionsShape;

export const DEFAULT_DATA_OPTIONS: DataOptions = {
  sourceTokenizer: 'char',
  targetTokenizer: 'char',
  bpeMerges: 2000,
  lowercase: false,
  sharedVocabulary: false,
  minFrequency: 1,
  maxVocabulary: 8000,
  maxLength: 100,
  validFraction: 0.1,
  testFraction: 0.1,
};

export interface PreparedData {
  codec: TextCodec;
  train: Example[];
  valid: Example[];
  test: Example[];
  /** Training pairs dropped by the length filter. */
  tooLong: number;
  /** Pairs dropped by the length filter in each split: held-out pairs are bounded like training ones. */
  dropped: { train: number; valid: number; test: number };
  /** The longest training pair (tokens, the longer side), before filtering. */
  longest: number;
}

export function splitPairs<T extends TextPair>(
  pairs: T[],
  options: Pick<DataOptions, 'validFraction' | 'testFraction'>,
) {
  return splitByHash(pairs, (p) => p.source, {
    validFraction: options.validFraction,
    testFraction: options.testFraction,
  });
}

/**
 * Learns tokenizers and vocabularies on the training split only, so held-out data stays unseen. A
 * shared vocabulary is learned from both sides, with one tokenizer when both sides ask for the same
 * kind (joint BPE merges, as Vaswani et al. used).
 */
export function learnCodec(train: TextPair[], options: DataOptions): TextCodec {
  // `?? false`: the data options saved by older versions have no `lowercase` or `sharedVocabulary`.
  const learn = { bpeMerges: options.bpeMerges, lowercase: options.lowercase ?? false };
  const shared = options.sharedVocabulary ?? false;
  const sources = train.map((p) => p.source);
  const targets = train.map((p) => p.target);
  const joint =
    shared && options.sourceTokenizer === options.targetTokenizer
      ? learnTokenizer(options.sourceTokenizer, [...sources, ...targets], learn)
      : undefined;
  const sourceTokenizer = joint ?? learnTokenizer(options.sourceTokenizer, sources, learn);
  const targetTokenizer = joint ?? learnTokenizer(options.targetTokenizer, targets, learn);
  const vocabOptions = { minFreq: options.minFrequency, maxSize: options.maxVocabulary };
  const sourceTokens = sources.map((s) => tokens(sourceTokenizer, s));
  const targetTokens = targets.map((t) => tokens(targetTokenizer, t));
  const vocab = shared ? Vocab.build([...sourceTokens, ...targetTokens], vocabOptions) : undefined;
  return {
    sourceTokenizer,
    targetTokenizer,
    sourceVocab: vocab ?? Vocab.build(sourceTokens, vocabOptions),
    targetVocab: vocab ?? Vocab.build(targetTokens, vocabOptions),
  };
}

export function encodePairs(codec: TextCodec, pairs: TextPair[]): Example[] {
  return pairs.map((pair) => ({
    source: codec.sourceVocab.encode(tokens(codec.sourceTokenizer, pair.source)),
    target: codec.targetVocab.encode(tokens(codec.targetTokenizer, pair.target)),
    pair: { source: pair.source, target: pair.target },
  }));
}

/** Splits, learns the codec (unless one is given, as when resuming) and encodes. */
export function prepareData(pairs: TextPair[], options: DataOptions, codec?: TextCodec): PreparedData {
  const split = splitPairs(pairs, options);
  if (split.train.length === 0)
    throw new Error('The corpus has no training pairs after the split; it needs more lines.');
  const c = codec ?? learnCodec(split.train, options);
  const [train, valid, test] = [split.train, split.valid, split.test].map((part) =>
    withinLength(encodePairs(c, part), options.maxLength),
  );
  const dropped = { train: train.dropped, valid: valid.dropped, test: test.dropped };
  return {
    codec: c,
    train: train.kept,
    valid: valid.kept,
    test: test.kept,
    tooLong: train.dropped,
    dropped,
    longest: train.longest,
  };
}

/** Keeps the examples no longer than `maxLength` tokens on either side; counts the others. */
export function withinLength(examples: Example[], maxLength: number) {
  const length = (e: Example) => Math.max(e.source.length, e.target.length);
  const kept = examples.filter((e) => length(e) <= maxLength);
  return {
    kept,
    dropped: examples.length - kept.length,
    longest: examples.reduce((m, e) => Math.max(m, length(e)), 0),
  };
}

export function tokens(tokenizer: Tokenizer, text: string): string[] {
  return tokenizer.tokenize(text).map((t) => t.text);
}
