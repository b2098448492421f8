// The tokenizer contract shared by training, inference and the editor's source highlighting.
/** `start`/`end` are UTF-16 offsets into the input, so `input.slice(start, end)` is the source text. */
export interface TokenSpan {
  text: string;
  start: number;
  end: number;
}

export type TokenizerKind = 'char' | 'word' | 'bpe';

export const TOKENIZER_KINDS: readonly TokenizerKind[] = ['char', 'word', 'bpe'];

export interface Tokenizer {
  readonly kind: TokenizerKind;
  tokenize(text: string): TokenSpan[];
  detokenize(tokens: string[]): string;
  toJSON(): TokenizerJSON;
}

export type TokenizerJSON =
  | { kind: 'char' }
  | { kind: 'word'; lowercase: boolean }
  | { kind: 'bpe'; merges: [string, string][]; lowercase: boolean };
