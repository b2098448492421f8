// A trained model with its tokenizers and vocabularies: text in, text + alignments out.
import { tidy } from './backend/tf';
import type { TextCodec } from './data/text-codec';
import type { TokenSpan } from './data/tokenizer';
import { SPECIAL_TOKEN_COUNT } from './data/vocab';
import { beamSearch } from './decode/beam';
import { greedyDecode } from './decode/greedy';
import type { DecodeOptions, Hypothesis } from './decode/hypothesis';
import { attentionOf } from './decode/hypothesis';
import type { SpecialIds } from './model/batch';
import { disposeTrainingBatch, makeTrainingBatch } from './model/batch';
import { readsReversed } from './model/config';
import type { Seq2SeqModel } from './model/model';
import { Dropout } from './model/dropout';
import type { Translation, TranslationResult } from './translation';

// The result types live in a leaf module so that the webview can use them without the model code.
export type { Translation, TranslationResult } from './translation';

/** A model: the network and its text codec. */
export interface ModelParts extends TextCodec {
  model: Seq2SeqModel;
}

/** How many sources one decoder batch holds; bounds memory for long inputs. */
const DECODE_BATCH = 64;

/**
 * Longest source, in tokens, a model without a recorded training length accepts. Decoding time grows
 * with the square of the length (attention), so unbounded inputs hang the worker for minutes.
 */
export const DEFAULT_MAX_SOURCE_TOKENS = 1000;

export interface TranslatorLimits {
  /** Sources longer than this many tokens are refused; default: DEFAULT_MAX_SOURCE_TOKENS. */
  maxSourceTokens?: number;
}

/** A source longer than the model can translate in reasonable time; names the input and the limit. */
export class InputTooLongError extends Error {
  constructor(
    readonly index: number,
    readonly tokens: number,
    readonly limit: number,
  ) {
    super(
      `Input ${index + 1} has ${tokens} tokens; this model was trained on at most ${limit}: ` +
        'split it into shorter lines (no model output is produced for it).',
    );
    this.name = 'InputTooLongError';
  }
}

/** Told how many of `total` sources are decoded, after each decoder batch. */
export type Progress = (done: number, total: number) => void;

export class Translator {
  /** The longest source, in tokens, that translate() accepts. */
  readonly maxSourceTokens: number;

  constructor(
    readonly parts: ModelParts,
    limits: TranslatorLimits = {},
  ) {
    this.maxSourceTokens = limits.maxSourceTokens ?? DEFAULT_MAX_SOURCE_TOKENS;
  }

  get specialIds(): SpecialIds {
    const v = this.parts.targetVocab;
    return { pad: v.padId, bos: v.bosId, eos: v.eosId };
  }

  encodeSource(text: string): { spans: TokenSpan[]; ids: number[] } {
    const spans = this.parts.sourceTokenizer.tokenize(text);
    return { spans, ids: this.parts.sourceVocab.encode(spans.map((s) => s.text)) };
  }

  encodeTarget(text: string): number[] {
    return this.parts.targetVocab.encode(this.parts.targetTokenizer.tokenize(text).map((s) => s.text));
  }

  /**
   * Translates many texts, batched; beamSize 1 is greedy decoding. An empty (or blank) text stays
   * empty without decoding: a model asked for something from nothing invents a token. Refuses, before
   * decoding anything, a text longer than maxSourceTokens (InputTooLongError). `progress` hears how many
   * of the texts to decode are done after each decoder batch (the CLI's progress bar).
   */
  translate(texts: string[], options: DecodeOptions = {}, progress?: Progress): TranslationResult[] {
    const encoded = texts.map((t) => this.encodeSource(t));
    const tooLong = encoded.findIndex((e) => e.ids.length > this.maxSourceTokens);
    if (tooLong >= 0) throw new InputTooLongError(tooLong, encoded[tooLong].ids.length, this.maxSourceTokens);
    const toDecode = encoded.flatMap((_, i) => (texts[i].trim() === '' ? [] : [i]));
    const hyps = this.decodeIds(
      toDecode.map((i) => encoded[i].ids),
      options,
      progress,
    );
    const byIndex = new Map(toDecode.map((textIndex, k) => [textIndex, hyps[k]]));
    return texts.map((source, i) => ({
      source,
      sourceTokens: encoded[i].spans,
      translations: byIndex.get(i)?.map((h) => this.toTranslation(h)) ?? [this.emptyTranslation()],
    }));
  }

  /** Decodes id sequences, DECODE_BATCH at a time: an n-best list per source. */
  decodeIds(sources: number[][], options: DecodeOptions = {}, progress?: Progress): Hypothesis[][] {
    const hyps: Hypothesis[][] = [];
    for (let start = 0; start < sources.length; start += DECODE_BATCH) {
      hyps.push(...this.decodeBatch(sources.slice(start, start + DECODE_BATCH), options));
      progress?.(hyps.length, sources.length);
    }
    return hyps;
  }

  private decodeBatch(sources: number[][], options: DecodeOptions): Hypothesis[][] {
    const beamSize = Math.max(1, options.beamSize ?? 1);
    const nBest = Math.min(beamSize, Math.max(1, options.nBest ?? 1));
    const lengthPenalty = options.lengthPenalty ?? 1;
    const maxLength = (i: number) => options.maxLength ?? 2 * sources[i].length + 10;
    if (beamSize === 1)
      return greedyDecode(this.parts.model, sources, this.specialIds, maxLength, lengthPenalty).map((h) => [h]);
    return beamSearch(this.parts.model, sources, this.specialIds, { beamSize, nBest, lengthPenalty, maxLength });
  }

  /** Log-probability of each given target under the model (teacher forcing), summed over tokens. */
  score(pairs: { source: string; target: string }[]): number[] {
    return pairs.map((p) => {
      const example = { source: this.encodeSource(p.source).ids, target: this.encodeTarget(p.target) };
      const batch = makeTrainingBatch([example], readsReversed(this.parts.model.config), this.specialIds);
      try {
        const meanNll = tidy(() => this.parts.model.loss(batch, Dropout.off).dataSync()[0]);
        return -meanNll * batch.tokenCount;
      } finally {
        disposeTrainingBatch(batch);
      }
    });
  }

  /** Special tokens (<pad>, <s>, </s>, <unk>) are never printed: an untrained model emits them. */
  private toTranslation(h: Hypothesis): Translation {
    const kept = <T>(rows: T[]) => rows.filter((_, k) => !isSpecial(h.ids[k]));
    const tokens = this.parts.targetVocab.decode(kept(h.ids));
    return {
      text: this.parts.targetTokenizer.detokenize(tokens),
      tokens,
      score: h.score,
      logProb: h.logProb,
      finished: h.finished,
      attention: h.attention && kept(h.attention),
      ...(h.heads && { heads: h.heads.map((layer) => layer.map(kept)) }),
    };
  }

  private emptyTranslation(): Translation {
    const { attention, heads } = attentionOf(this.parts.model.config, [], 0);
    return { text: '', tokens: [], score: 0, logProb: 0, finished: true, attention, ...(heads && { heads }) };
  }

  dispose(): void {
    this.parts.model.dispose();
  }
}

const isSpecial = (id: number) => id < SPECIAL_TOKEN_COUNT;
