// What the attention view shows: one transform of editor text, as plain data the host sends to the webview.
import type { TokenSpan } from '../core/data/tokenizer-contract';
import type { Translation } from '../core/translation';

/** One transformed piece of text: where it came from in the editor, and the model's alternatives for it. */
export interface AlignedItem {
  documentUri: string;
  /** The editor range of the source text. */
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  source: string;
  sourceTokens: TokenSpan[];
  translations: Translation[];
}

export interface TransformRecord {
  modelName: string;
  createdAt: string;
  items: AlignedItem[];
}
