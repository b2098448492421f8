// Making tokenizers: learning one from texts, or rebuilding one from a model manifest.
import { BpeTokenizer, learnBpe, type Merge } from './bpe-tokenizer';
import { CharTokenizer } from './char-tokenizer';
import { TOKENIZER_KINDS, type Tokenizer, type TokenizerKind } from './tokenizer-contract';
import { WordTokenizer } from './word-tokenizer';

// The contract lives in its own module so that the concrete tokenizers implement it without importing
// this factory, which imports them (no module cycle); callers keep importing everything from here.
export {
  TOKENIZER_KINDS,
  type TokenSpan,
  type Tokenizer,
  type TokenizerJSON,
  type TokenizerKind,
} from './tokenizer-contract';
export { WORD_BOUNDARY } from './word-tokenizer';

export interface LearnOptions {
  /** Number of BPE merges to learn (default 2000); learning stops earlier once pairs are unique. */
  bpeMerges?: number;
  lowercase?: boolean;
}

export function learnTokenizer(kind: TokenizerKind, texts: Iterable<string>, options: LearnOptions = {}): Tokenizer {
  switch (kind) {
    case 'char':
      return new CharTokenizer();
    case 'word':
      return new WordTokenizer(options.lowercase ?? false);
    case 'bpe':
      return learnBpe(texts, { merges: options.bpeMerges, lowercase: options.lowercase });
    default:
      throw new Error(`Unknown tokenizer kind "${String(kind)}"; expected one of ${TOKENIZER_KINDS.join(', ')}`);
  }
}

/** Rebuilds a tokenizer from a model manifest, rejecting anything a hand edit could have broken. */
export function tokenizerFromJSON(json: unknown): Tokenizer {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new Error('Invalid tokenizer JSON: expected an object with a "kind" field');
  }
  const record = json as Record<string, unknown>;
  switch (record.kind) {
    case 'char':
      return new CharTokenizer();
    case 'word':
      return new WordTokenizer(readLowercase(record));
    case 'bpe':
      return new BpeTokenizer(readMerges(record.merges), readLowercase(record));
    default:
      throw new Error(
        `Invalid tokenizer JSON: "kind" must be one of ${TOKENIZER_KINDS.join(', ')}, ` +
          `got ${JSON.stringify(record.kind)}`,
      );
  }
}

function readLowercase(record: Record<string, unknown>): boolean {
  if (typeof record.lowercase !== 'boolean') {
    throw new Error(`Invalid tokenizer JSON: "lowercase" must be true or false for a ${String(record.kind)} tokenizer`);
  }
  return record.lowercase;
}

function readMerges(value: unknown): Merge[] {
  if (!Array.isArray(value))
    throw new Error('Invalid tokenizer JSON: "merges" must be an array of [left, right] pairs');
  return value.map((merge, i) => {
    // Whitespace would make two different merges collide in the tokenizer's pair lookup.
    const ok =
      Array.isArray(merge) && merge.length === 2 && merge.every((s) => typeof s === 'string' && /^\S+$/.test(s));
    if (!ok) {
      throw new Error(
        `Invalid tokenizer JSON: merges[${i}] must be a pair of non-empty strings without whitespace, ` +
          `got ${JSON.stringify(merge)}`,
      );
    }
    return [merge[0], merge[1]];
  });
}
