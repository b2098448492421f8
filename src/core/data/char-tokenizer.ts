// One token per Unicode code point, spaces included, so any string round-trips exactly.
import type { TokenSpan, Tokenizer } from './tokenizer-contract';

export class CharTokenizer implements Tokenizer {
  readonly kind = 'char' as const;

  tokenize(text: string): TokenSpan[] {
    const spans: TokenSpan[] = [];
    let start = 0;
    // for..of walks code points, so a surrogate pair (emoji, rare CJK) stays one token.
    for (const ch of text) {
      spans.push({ text: ch, start, end: start + ch.length });
      start += ch.length;
    }
    return spans;
  }

  detokenize(tokens: string[]): string {
    return tokens.join('');
  }

  toJSON(): { kind: 'char' } {
    return { kind: 'char' };
  }
}
