// What translating a text gives: plain data, shared by the CLI, the worker protocol and the attention view.
import type { TokenSpan } from './data/tokenizer-contract';

export interface Translation {
  /** The output text, detokenized. */
  text: string;
  tokens: string[];
  score: number;
  logProb: number;
  finished: boolean;
  /**
   * [output token][source token], rows sum to 1; null for models without attention. For a Transformer,
   * the last decoder layer's cross-attention averaged over its heads.
   */
  attention: number[][] | null;
  /** Transformer only: every decoder layer's and head's cross-attention, [layer][head][output token][source token]. */
  heads?: number[][][][];
}

export interface TranslationResult {
  source: string;
  /** Source tokens with their character offsets in `source`. */
  sourceTokens: TokenSpan[];
  /** Best first; one entry unless nBest > 1. */
  translations: Translation[];
}
