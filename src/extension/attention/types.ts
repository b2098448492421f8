import type { TokenSpan } from '../../core/data/tokenizer';
import type { Translation } from '../../core/translator';
/** One transformed piece of text: where it came from in the editor, and the model's alternatives for it. */
export interface AlignedItem { documentUri: string; /** editor range of the source text */ range: { start: { line: number; character: number }; end: { line: number; character: number } }; source: string; sourceTokens: TokenSpan[]; translations: Translation[] }
export interface TransformRecord { modelName: string; createdAt: string; items: AlignedItem[] }
export interface AttentionSink { showTransform(record: TransformRecord): void; showTraining(event: import('../../core/train/events').TrainEvent & { run: string }): void }
