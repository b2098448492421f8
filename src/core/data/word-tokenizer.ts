// Words, digit runs and single punctuation marks. A token that follows whitespace carries
// WORD_BOUNDARY instead of the space (SentencePiece style), so joining tokens restores the text.
import type { TokenSpan, Tokenizer } from './tokenizer-contract';

export const WORD_BOUNDARY = '\u2581';

// Letters keep their combining marks; any other non-space code point stands alone.
const PIECE = /[\p{L}\p{M}]+|\p{Nd}+|\S/gu;

export class WordTokenizer implements Tokenizer {
  readonly kind = 'word' as const;

  constructor(readonly lowercase = false) {}

  tokenize(text: string): TokenSpan[] {
    return splitPieces(text).map((span) => (this.lowercase ? { ...span, text: span.text.toLowerCase() } : span));
  }

  detokenize(tokens: string[]): string {
    return joinPieces(tokens);
  }

  toJSON(): { kind: 'word'; lowercase: boolean } {
    return { kind: 'word', lowercase: this.lowercase };
  }
}

/** Pieces with their original spelling; the span never covers the whitespace the marker stands for. */
export function splitPieces(text: string): TokenSpan[] {
  const spans: TokenSpan[] = [];
  let previousEnd = 0;
  for (const match of text.matchAll(PIECE)) {
    const start = match.index ?? 0;
    const end = start + match[0].length;
    // Only whitespace can sit between two matches, because \S catches everything else.
    const marker = start > previousEnd ? WORD_BOUNDARY : '';
    spans.push({ text: marker + match[0], start, end });
    previousEnd = end;
  }
  return spans;
}

/** Inverse of splitPieces: any whitespace run comes back as a single space. */
export function joinPieces(tokens: string[]): string {
  return tokens.join('').replaceAll(WORD_BOUNDARY, ' ');
}
