// The alignments as JSON: enough to redraw every heatmap elsewhere (tokens, offsets, weights) without
// the editor-specific fields of the transform record.
import type { TransformRecord } from '../transform-record';
import { hardAlignment } from './pharaoh';

export interface AlignmentExport {
  format: 'seq2seq-studio.alignments/1';
  model: string;
  createdAt: string;
  items: {
    source: string;
    sourceTokens: { text: string; start: number; end: number }[];
    /** The alternative shown in the panel when exported. */
    selected: number;
    translations: {
      text: string;
      tokens: string[];
      score: number;
      logProb: number;
      /** [output token][source token]; null for models without attention. */
      attention: number[][] | null;
      /** [source, target] index pairs, argmax per output token (as in the Pharaoh export). */
      hardAlignment: [number, number][] | null;
    }[];
  }[];
}

export function alignmentJson(record: TransformRecord, selected: readonly number[]): AlignmentExport {
  return {
    format: 'seq2seq-studio.alignments/1',
    model: record.modelName,
    createdAt: record.createdAt,
    items: record.items.map((item, i) => ({
      source: item.source,
      sourceTokens: item.sourceTokens.map(({ text, start, end }) => ({ text, start, end })),
      selected: selected[i] ?? 0,
      translations: item.translations.map((t) => ({
        text: t.text,
        tokens: t.tokens,
        score: t.score,
        logProb: t.logProb,
        attention: t.attention,
        hardAlignment: t.attention && hardAlignment(t.attention),
      })),
    })),
  };
}
